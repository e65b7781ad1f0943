import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@shopgraph/errors';
import { type CurrencyCode, type Money, money } from '@shopgraph/money';
import { PreparedSql } from '@shopgraph/db';
import { type Quote, quoteCheckout } from '../domain/checkout-quote.js';
import { MissingRateError, convert, rateInEffect } from '../domain/pricing.js';
import type { ShippingMethodRule, WeightBand } from '../domain/shipping.js';
import { type TaxCategoryCode, type TaxRateRule, normalizeRegion } from '../domain/tax.js';
import type { PriceCache } from './price-cache.js';
import { RATE_ROWS, type RateRow, ratesAt } from './pricing.service.js';

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

/**
 * The committed pricing version and what a quote needs of each variant (its weight and its
 * product's tax category), in one statement: $1 the SKUs.
 */
const QUOTE_VARIANTS = `select (select "version"::text from "catalog"."pricing_version" where "id" = 1) as version,
  coalesce((select json_agg(json_build_array(v."sku", v."weight_grams", p."tax_category"))
    from "catalog"."product_variant" v join "catalog"."product" p on p."id" = v."product_id" where v."sku" = any($1::text[])), '[]') as variants`;

/**
 * The shipping and tax tables of a destination, in one statement: $1 the country, $2 the currency,
 * $3 whether it is not the base currency (then its exchange rates are read too). Rates of active
 * methods to the country's zone come with their method, ordered by band.
 */
const QUOTE_TABLES = `select
  exists (select 1 from "catalog"."shipping_zone_country" z where z."country_code" = $1) as served,
  coalesce((select json_agg(json_build_array(m."code", m."name", m."description", m."estimated_days_min", m."estimated_days_max",
      m."free_shipping_threshold_minor"::text, r."min_weight_grams", r."max_weight_grams", r."price_minor"::text) order by r."min_weight_grams", m."code")
    from "catalog"."shipping_rate" r join "catalog"."shipping_method" m on m."code" = r."method_code"
    where m."active" and r."zone_code" = (select zc."zone_code" from "catalog"."shipping_zone_country" zc where zc."country_code" = $1)), '[]') as rates,
  coalesce((select json_agg(json_build_array(t."region", t."category", t."rate_percent"::text, t."inclusive"))
    from "catalog"."tax_rate" t where t."country_code" = $1), '[]') as taxes,
  case when $3::boolean then ${RATE_ROWS(2)} else '[]' end as currency_rates`;

type RateBandRow = [
  code: string,
  name: string,
  description: string,
  daysMin: number,
  daysMax: number,
  threshold: string | null,
  minWeight: number,
  maxWeight: number | null,
  price: string,
];

/** The shipping and tax rules of a destination in a currency, as the quote uses them. */
interface QuoteTables {
  served: boolean;
  methods: ShippingMethodRule[];
  taxRules: TaxRateRule[];
  currencyRates: RateRow[];
}

async function loadQuoteTables(em: EntityManager, countryCode: string, currency: CurrencyCode, foreign: boolean): Promise<QuoteTables> {
  const [row] = await (
    await PreparedSql.of(em)
  ).rows<{ served: boolean; rates: RateBandRow[]; taxes: [string, TaxCategoryCode, string, boolean][]; currency_rates: RateRow[] }>(
    'catalog.quote-tables',
    QUOTE_TABLES,
    [countryCode, currency, foreign],
  );
  const methods = new Map<string, ShippingMethodRule & { bands: WeightBand[] }>();
  for (const [code, name, description, estimatedDaysMin, estimatedDaysMax, threshold, minWeightGrams, maxWeightGrams, price] of row!
    .rates) {
    let rule = methods.get(code);
    if (!rule) {
      rule = {
        code,
        name,
        description,
        estimatedDaysMin,
        estimatedDaysMax,
        freeShippingThresholdBaseMinor: threshold === null ? null : BigInt(threshold),
        bands: [],
      };
      methods.set(code, rule);
    }
    rule.bands.push({ minWeightGrams, maxWeightGrams, priceBaseMinor: BigInt(price) });
  }
  return {
    served: row!.served,
    methods: [...methods.values()],
    taxRules: row!.taxes.map(([region, category, ratePercent, inclusive]) => ({
      countryCode,
      region: region || null,
      category,
      ratePercent,
      inclusive,
    })),
    currencyRates: row!.currency_rates,
  };
}

function validate(req: QuoteRequest & { shippingDiscountMinor: bigint }): void {
  if (!COUNTRY_CODE.test(req.destination.countryCode))
    throw new BadUserInputError('Country must be an ISO 3166-1 alpha-2 code', ['input', 'destination', 'countryCode']);
  req.lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity < 1)
      throw new BadUserInputError('Quantity must be a positive integer', ['input', 'lines', String(i), 'quantity']);
    if (l.amountMinor < 0n) throw new BadUserInputError('Line amount must not be negative', ['input', 'lines', String(i), 'amountMinor']);
  });
  if (req.shippingDiscountMinor < 0n)
    throw new BadUserInputError('Shipping discount must not be negative', ['input', 'shippingDiscountMinor']);
}

/**
 * Quotes shipping and tax for a cart. One statement reads the committed pricing version with the
 * lines' variants (weight, tax category); the destination's shipping and tax tables and the
 * currency's rates come from the process's price cache when they were read under that same version,
 * else from one more statement. Every shipping, tax or rate change bumps the version, so a quote
 * never uses tables older than the last committed change (the freshness rule of checkout prices).
 */
export async function checkoutQuote(
  em: EntityManager,
  cache: PriceCache,
  baseCurrency: CurrencyCode,
  request: QuoteRequest,
  at: Date = new Date(),
): Promise<Quote> {
  // A default that went through the printed SDL arrives as its literal ("0"): make it a bigint.
  const req = { ...request, shippingDiscountMinor: BigInt(request.shippingDiscountMinor ?? 0n) };
  validate(req);
  const { countryCode } = req.destination;
  const skus = [...new Set(req.lines.map((l) => l.sku))];
  const [head] = await (
    await PreparedSql.of(em)
  ).rows<{ version: string; variants: [string, number, TaxCategoryCode][] }>('catalog.quote-variants', QUOTE_VARIANTS, [skus]);
  const version = BigInt(head!.version);
  cache.observe(version);
  const foreign = req.currency !== baseCurrency;
  const tables = await cache.rulesAt(`quote|${countryCode}|${req.currency}`, version, () =>
    loadQuoteTables(em, countryCode, req.currency, foreign),
  );
  if (!tables.served) throw new BadUserInputError(`The shop does not deliver to ${countryCode}`, ['input', 'destination', 'countryCode']);
  const bySku = new Map(head!.variants.map(([sku, weightGrams, taxCategory]) => [sku, { weightGrams, taxCategory }]));
  const missing = skus.filter((s) => !bySku.has(s));
  if (missing.length) throw new BadUserInputError(`Unknown SKU: ${missing.join(', ')}`, ['input', 'lines']);

  const currencyRates = foreign ? ratesAt(req.currency, tables.currencyRates, at) : null;
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
      methods: tables.methods,
      taxRules: tables.taxRules,
      shippingMethodCode: req.shippingMethodCode ?? null,
      shippingDiscountMinor: req.shippingDiscountMinor,
      toTarget,
    });
  } catch (error) {
    if (error instanceof MissingRateError) throw new BadUserInputError(error.message, ['input', 'currency']);
    throw error;
  }
}
