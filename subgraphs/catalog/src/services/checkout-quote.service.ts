import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@shopgraph/errors';
import { type CurrencyCode, type Money, money } from '@shopgraph/money';
import { type Quote, quoteCheckout } from '../domain/checkout-quote.js';
import { MissingRateError, convert, rateInEffect } from '../domain/pricing.js';
import type { ShippingMethodRule } from '../domain/shipping.js';
import { normalizeRegion } from '../domain/tax.js';
import { schemaOf } from '@shopgraph/events';
import { ShippingRate, ShippingZoneCountry, TaxRate } from '../entities/index.js';
import type { TaxCategoryCode } from '../domain/tax.js';
import { loadRates } from './pricing.service.js';

/** A cart sent to a destination, as the order subgraph asks for it. */
export interface QuoteRequest {
  currency: CurrencyCode;
  destination: { countryCode: string; region?: string | null; postalCode?: string | null };
  lines: readonly { key: string; sku: string; quantity: number; amountMinor: bigint }[];
  shippingMethodCode?: string | null;
  shippingDiscountMinor?: bigint | null;
}

/** ISO 3166-1 alpha-2. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/** What a quote needs of each variant: its weight and its product's tax category, in one lean query. */
async function quoteVariants(em: EntityManager, skus: string[]): Promise<{ sku: string; weightGrams: number; taxCategory: TaxCategoryCode }[]> {
  const schema = schemaOf(em);
  const rows = await em.execute<{ sku: string; weight_grams: number; tax_category: TaxCategoryCode }[]>(
    `select v."sku", v."weight_grams", p."tax_category" from "${schema}"."product_variant" v join "${schema}"."product" p on p."id" = v."product_id" where v."sku" in (?)`,
    [skus],
  );
  return rows.map((r) => ({ sku: r.sku, weightGrams: r.weight_grams, taxCategory: r.tax_category }));
}

function validate(req: QuoteRequest & { shippingDiscountMinor: bigint }): void {
  if (!COUNTRY_CODE.test(req.destination.countryCode)) throw new BadUserInputError('Country must be an ISO 3166-1 alpha-2 code', ['input', 'destination', 'countryCode']);
  req.lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new BadUserInputError('Quantity must be a positive integer', ['input', 'lines', String(i), 'quantity']);
    if (l.amountMinor < 0n) throw new BadUserInputError('Line amount must not be negative', ['input', 'lines', String(i), 'amountMinor']);
  });
  if (req.shippingDiscountMinor < 0n) throw new BadUserInputError('Shipping discount must not be negative', ['input', 'shippingDiscountMinor']);
}

/**
 * Quotes shipping and tax for a cart in one pass of at most five queries, all issued at once
 * whatever the number of lines: variants with their product's tax category, the destination's zone,
 * the active methods' rates for that zone, the country's tax rates and (outside the base currency)
 * the exchange rate in effect.
 */
export async function checkoutQuote(em: EntityManager, baseCurrency: CurrencyCode, request: QuoteRequest, at: Date = new Date()): Promise<Quote> {
  // A default that went through the printed SDL arrives as its literal ("0"): make it a bigint.
  const req = { ...request, shippingDiscountMinor: BigInt(request.shippingDiscountMinor ?? 0n) };
  validate(req);
  const { countryCode } = req.destination;
  const skus = [...new Set(req.lines.map((l) => l.sku))];
  const [variants, zone, rates, taxRates, currencyRates] = await Promise.all([
    skus.length ? quoteVariants(em, skus) : [],
    em.findOne(ShippingZoneCountry, { countryCode }),
    em.find(ShippingRate, { zone: { countries: { countryCode } }, method: { active: true } }, { populate: ['method'], strategy: 'joined', orderBy: { minWeightGrams: 'asc' } }),
    em.find(TaxRate, { countryCode }),
    req.currency === baseCurrency ? null : loadRates(em, req.currency, at),
  ]);
  if (!zone) throw new BadUserInputError(`The shop does not deliver to ${countryCode}`, ['input', 'destination', 'countryCode']);
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  const missing = skus.filter((s) => !bySku.has(s));
  if (missing.length) throw new BadUserInputError(`Unknown SKU: ${missing.join(', ')}`, ['input', 'lines']);

  const methods = new Map<string, ShippingMethodRule & { bands: ShippingMethodRule['bands'][number][] }>();
  for (const r of rates) {
    const m = r.method;
    let rule = methods.get(m.code);
    if (!rule) {
      rule = {
        code: m.code,
        name: m.name,
        description: m.description,
        estimatedDaysMin: m.estimatedDaysMin,
        estimatedDaysMax: m.estimatedDaysMax,
        freeShippingThresholdBaseMinor: m.freeShippingThresholdMinor,
        bands: [],
      };
      methods.set(m.code, rule);
    }
    rule.bands.push({ minWeightGrams: r.minWeightGrams, maxWeightGrams: r.maxWeightGrams, priceBaseMinor: r.priceMinor });
  }
  const toTarget = (baseMinor: bigint): Money => {
    if (req.currency === baseCurrency) return money(baseMinor, baseCurrency);
    const rate = rateInEffect(currencyRates?.inEffect ?? [], req.currency, at);
    if (!rate) throw new MissingRateError(req.currency);
    return convert(baseMinor, baseCurrency, req.currency, rate.rate);
  };
  try {
    return quoteCheckout({
      currency: req.currency,
      countryCode,
      region: normalizeRegion(req.destination.region),
      lines: req.lines.map((l) => {
        const v = bySku.get(l.sku)!;
        return { key: l.key, amountMinor: l.amountMinor, quantity: l.quantity, weightGrams: v.weightGrams, taxCategory: v.taxCategory };
      }),
      methods: [...methods.values()],
      taxRules: taxRates.map((t) => ({ countryCode: t.countryCode, region: t.region || null, category: t.category, ratePercent: String(t.ratePercent), inclusive: t.inclusive })),
      shippingMethodCode: req.shippingMethodCode ?? null,
      shippingDiscountMinor: req.shippingDiscountMinor,
      toTarget,
    });
  } catch (error) {
    if (error instanceof MissingRateError) throw new BadUserInputError(error.message, ['input', 'currency']);
    throw error;
  }
}
