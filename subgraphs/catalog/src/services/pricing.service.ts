import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import { PreparedSql } from '@shopgraph/db';
import {
  type CurrencyRate as RateRule,
  MissingRateError,
  rateInEffect,
  type PricedLine,
  type WarehouseMarkup as MarkupRule,
  priceLine,
} from '../domain/pricing.js';
import { MarkupKind } from '../entities/index.js';

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

/** A rate row as read from the database. */
export type RateRow = [rate: string, effectiveFromMs: number];

/** The rate in effect at `at` and the next scheduled change, from the currency's rate rows. */
export function ratesAt(currency: CurrencyCode, rows: readonly RateRow[], at: Date): RatesAt {
  const rules: RateRule[] = rows.map(([rate, from]) => ({ currency, rate, effectiveFrom: new Date(from) }));
  const current = rateInEffect(rules, currency, at);
  const later = rules.filter((r) => r.effectiveFrom.getTime() > at.getTime()).map((r) => r.effectiveFrom.getTime());
  return { inEffect: current ? [current] : [], nextChangeAt: later.length ? new Date(Math.min(...later)) : null };
}

/** JSON rows `[rate, effective from in epoch ms]` of the currency `$n`; exact decimals as text. */
export const RATE_ROWS = (n: number) =>
  `coalesce((select json_agg(json_build_array(r."rate"::text, (extract(epoch from r."effective_from") * 1000)::float8)) from "catalog"."currency_rate" r where r."currency" = $${n}), '[]')`;

/**
 * Everything a batch of lines needs, in one statement of plain JSON rows (bigints as text):
 * $1 SKUs, $2 currency, $3 whether the currency is not the base one, $4 warehouse ids.
 * Price-list entries and rates are only read outside the base currency, markups only for given warehouses.
 */
const PRICE_DATA = `select
  coalesce((select json_agg(json_build_array(v."sku", v."base_price_minor"::text)) from "catalog"."product_variant" v where v."sku" = any($1::text[])), '[]') as variants,
  coalesce((select json_agg(json_build_array(e."sku", e."amount_minor"::text)) from "catalog"."price_list_entry" e where $3::boolean and e."currency" = $2 and e."sku" = any($1::text[])), '[]') as list,
  coalesce((select json_agg(json_build_array(t."sku", t."min_quantity", t."discount_basis_points")) from "catalog"."quantity_tier" t where t."sku" = any($1::text[]) or t."sku" is null), '[]') as tiers,
  coalesce((select json_agg(json_build_array(m."warehouse_id", m."kind", m."value"::text)) from "catalog"."warehouse_markup" m where m."warehouse_id" = any($4::uuid[])), '[]') as markups,
  case when $3::boolean then ${RATE_ROWS(2)} else '[]' end as rates`;

interface PriceData {
  variants: [sku: string, basePriceMinor: string][];
  list: [sku: string, amountMinor: string][];
  tiers: [sku: string | null, minQuantity: number, discountBasisPoints: number][];
  markups: [warehouseId: string, kind: MarkupKind, value: string][];
  rates: RateRow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const markupRule = (kind: MarkupKind, value: string): MarkupRule =>
  kind === MarkupKind.PERCENT ? { kind: 'PERCENT', basisPoints: Number(value) } : { kind: 'FIXED', amountBaseMinor: BigInt(value) };

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
 * Prices many lines in one currency with one query whatever the line count (`PRICE_DATA`:
 * variants, price-list entries, tiers, markups and the currency's rates, as plain rows).
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
    if (!Number.isInteger(l.quantity) || l.quantity < 1)
      throw new BadUserInputError('Quantity must be a positive integer', ['lines', String(i), 'quantity']);
    if (l.warehouseId && !UUID.test(l.warehouseId)) throw new BadUserInputError('Unknown warehouse', ['lines', String(i), 'warehouseId']);
  }
  const skus = [...new Set(lines.map((l) => l.sku))];
  const warehouseIds = [...new Set(lines.map((l) => l.warehouseId).filter((w): w is string => !!w))];
  const foreign = currency !== baseCurrency;
  const [data] = await (
    await PreparedSql.of(em)
  ).rows<PriceData>('catalog.price-data', PRICE_DATA, [skus, currency, foreign, warehouseIds]);
  const { variants, list, tiers, markups, rates } = data!;
  const rateInfo = foreign ? ratesAt(currency, rates, at) : null;
  const variantBySku = new Map(variants.map(([sku, base]) => [sku, BigInt(base)]));
  const missing = skus.filter((s) => !variantBySku.has(s));
  if (missing.length) throw new BadUserInputError(`Unknown SKU: ${missing.join(', ')}`, ['lines']);
  const listBySku = new Map(list.map(([sku, amount]) => [sku, BigInt(amount)]));
  const markupByWarehouse = new Map(markups.map(([warehouseId, kind, value]) => [warehouseId, markupRule(kind, value)]));
  const tierRules = tiers.map(([sku, minQuantity, discountBasisPoints]) => ({ sku, minQuantity, discountBasisPoints }));
  try {
    const priced = lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      warehouseId: l.warehouseId ?? null,
      ...priceLine({
        sku: l.sku,
        basePriceMinor: variantBySku.get(l.sku)!,
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
