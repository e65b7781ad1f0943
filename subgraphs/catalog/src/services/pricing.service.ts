import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import {
  type CurrencyRate as RateRule,
  MissingRateError,
  rateInEffect,
  type PricedLine,
  type WarehouseMarkup as MarkupRule,
  priceLine,
} from '../domain/pricing.js';
import { CurrencyRate, MarkupKind, PriceListEntry, ProductVariant, QuantityTier, WarehouseMarkup } from '../entities/index.js';

/** One line to price: a SKU, how many, and optionally the warehouse that ships it. */
export interface PriceRequest {
  sku: string;
  quantity: number;
  warehouseId?: string | null;
}

/** A priced request line. */
export interface PricedRequest extends PricedLine {
  sku: string;
  quantity: number;
  warehouseId: string | null;
}

/** The rate of a currency in effect at an instant and when the next scheduled rate takes over. */
export interface RatesAt {
  /** The rate in effect, as a list of zero or one rule for the pricing rules. */
  inEffect: RateRule[];
  /** When a later rate takes effect (a price computed now is valid until then); null if none is scheduled. */
  nextChangeAt: Date | null;
}

/** Loads the rates of `currency` (a short effective-dated history) in one query. */
export async function loadRates(em: EntityManager, currency: CurrencyCode, at: Date): Promise<RatesAt> {
  const rows = await em.find(CurrencyRate, { currency });
  const rules: RateRule[] = rows.map((r) => ({ currency, rate: String(r.rate), effectiveFrom: r.effectiveFrom }));
  const current = rateInEffect(rules, currency, at);
  const later = rules.filter((r) => r.effectiveFrom.getTime() > at.getTime()).map((r) => r.effectiveFrom.getTime());
  return { inEffect: current ? [current] : [], nextChangeAt: later.length ? new Date(Math.min(...later)) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const markupRule = (m: WarehouseMarkup): MarkupRule =>
  m.kind === MarkupKind.PERCENT ? { kind: 'PERCENT', basisPoints: Number(m.value) } : { kind: 'FIXED', amountBaseMinor: m.value };

/** Priced lines and until when they hold (the next scheduled rate change; null: until data changes). */
export interface PricedBatch {
  lines: PricedRequest[];
  validUntil: Date | null;
}

/** Prices many lines; see `pricedBatch`. */
export async function priceLines(
  em: EntityManager,
  baseCurrency: CurrencyCode,
  currency: CurrencyCode,
  lines: readonly PriceRequest[],
  at: Date = new Date(),
): Promise<PricedRequest[]> {
  return (await pricedBatch(em, baseCurrency, currency, lines, at)).lines;
}

/**
 * Prices many lines in one currency with a fixed number of queries whatever the line count:
 * variants, price-list entries, tiers, markups (when any warehouse is given) and the currency's
 * rates (when the currency is not the base) — at most five.
 */
export async function pricedBatch(
  em: EntityManager,
  baseCurrency: CurrencyCode,
  currency: CurrencyCode,
  lines: readonly PriceRequest[],
  at: Date = new Date(),
): Promise<PricedBatch> {
  if (lines.length === 0) return { lines: [], validUntil: null };
  for (const [i, l] of lines.entries()) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new BadUserInputError('Quantity must be a positive integer', ['lines', String(i), 'quantity']);
    if (l.warehouseId && !UUID.test(l.warehouseId)) throw new BadUserInputError('Unknown warehouse', ['lines', String(i), 'warehouseId']);
  }
  const skus = [...new Set(lines.map((l) => l.sku))];
  const warehouseIds = [...new Set(lines.map((l) => l.warehouseId).filter((w): w is string => !!w))];
  const [variants, listEntries, tiers, markups, rateInfo] = await Promise.all([
    em.find(ProductVariant, { sku: { $in: skus } }, { fields: ['sku', 'basePriceMinor'] }),
    currency === baseCurrency ? [] : em.find(PriceListEntry, { sku: { $in: skus }, currency }),
    em.find(QuantityTier, { $or: [{ sku: { $in: skus } }, { sku: null }] }),
    warehouseIds.length ? em.find(WarehouseMarkup, { warehouseId: { $in: warehouseIds } }) : [],
    currency === baseCurrency ? null : loadRates(em, currency, at),
  ]);
  const variantBySku = new Map(variants.map((v) => [v.sku, v]));
  const missing = skus.filter((s) => !variantBySku.has(s));
  if (missing.length) throw new BadUserInputError(`Unknown SKU: ${missing.join(', ')}`, ['lines']);
  const listBySku = new Map(listEntries.map((e) => [e.sku, e.amountMinor]));
  const markupByWarehouse = new Map(markups.map((m) => [m.warehouseId, markupRule(m)]));
  const tierRules = tiers.map((t) => ({ sku: t.sku ?? null, minQuantity: t.minQuantity, discountBasisPoints: t.discountBasisPoints }));
  try {
    const priced = lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      warehouseId: l.warehouseId ?? null,
      ...priceLine({
        sku: l.sku,
        basePriceMinor: variantBySku.get(l.sku)!.basePriceMinor,
        baseCurrency,
        currency,
        quantity: l.quantity,
        rates: rateInfo?.inEffect ?? [],
        listPriceMinor: listBySku.get(l.sku) ?? null,
        markup: l.warehouseId ? (markupByWarehouse.get(l.warehouseId) ?? null) : null,
        tiers: tierRules,
        at,
      }),
    }));
    return { lines: priced, validUntil: rateInfo?.nextChangeAt ?? null };
  } catch (error) {
    if (error instanceof MissingRateError) throw new BadUserInputError(error.message, ['currency']);
    throw error;
  }
}
