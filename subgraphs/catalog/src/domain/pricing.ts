import { type CurrencyCode, type Money, divRoundHalfUp, minorDigits, money, percentage, times } from '@shopgraph/money';

/**
 * Pricing rules of the catalog, free of ORM and GraphQL.
 *
 * Order of application (each step rounds once, half-up, to the target currency's minor units):
 *   1. LIST   — the explicit price-list entry for (sku, currency) if there is one, otherwise the
 *               base price converted from the base currency with the rate in effect.
 *   2. MARKUP — the warehouse markup on that unit price: a percentage (basis points) or a fixed
 *               amount (minor units of the base currency, converted like the base price).
 *   3. TIER   — the best quantity tier whose minimum the quantity reaches: a discount in basis
 *               points of the marked-up unit price.
 * Line total = unit price × quantity, exact; the adjustments list each step's signed amount per unit.
 */

/** Decimal places kept in a currency rate: rates are stored as exact decimal strings and scaled to integers. */
export const RATE_SCALE = 12;
const RATE_FACTOR = 10n ** BigInt(RATE_SCALE);

/** Units of the target currency per one unit of the base currency from a given instant. */
export interface CurrencyRate {
  currency: CurrencyCode;
  /** Exact decimal string, e.g. "0.0000393" (USD per VND). */
  rate: string;
  effectiveFrom: Date;
}

/** Markup a warehouse adds to every unit it ships. */
export type WarehouseMarkup = { kind: 'PERCENT'; basisPoints: number } | { kind: 'FIXED'; amountBaseMinor: bigint };

/** A discount for buying at least `minQuantity` units; `sku` null applies to every SKU. */
export interface QuantityTier {
  sku: string | null;
  minQuantity: number;
  discountBasisPoints: number;
}

/** What a price adjustment did. */
export type AdjustmentKind = 'CONVERSION' | 'PRICE_LIST' | 'MARKUP' | 'QUANTITY_TIER';

/** One step of the price calculation, its per-unit signed amount and a short reason. */
export interface PriceAdjustment {
  kind: AdjustmentKind;
  amount: Money;
  description: string;
}

/** The inputs needed to price one line. */
export interface PriceInput {
  sku: string;
  basePriceMinor: bigint;
  baseCurrency: CurrencyCode;
  currency: CurrencyCode;
  quantity: number;
  /** Rates known for the target currency (any order); ignored when currency is the base. */
  rates: readonly CurrencyRate[];
  /** Explicit list price for (sku, currency), minor units; overrides conversion. */
  listPriceMinor?: bigint | null;
  markup?: WarehouseMarkup | null;
  tiers?: readonly QuantityTier[];
  at?: Date;
}

/** A priced line. */
export interface PricedLine {
  unitPrice: Money;
  lineTotal: Money;
  adjustments: PriceAdjustment[];
}

/** Parses an exact decimal rate string into an integer scaled by 10^RATE_SCALE. */
export function scaleRate(rate: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) throw new RangeError(`Not a decimal rate: ${rate}`);
  const fraction = match[2] ?? '';
  if (fraction.length > RATE_SCALE) throw new RangeError(`Rate has more than ${RATE_SCALE} decimals: ${rate}`);
  const scaled = BigInt(match[1]! + fraction.padEnd(RATE_SCALE, '0'));
  if (scaled <= 0n) throw new RangeError(`Rate must be positive: ${rate}`);
  return scaled;
}

/** The rate in effect at `at`: the latest one whose effectiveFrom is not after it. */
export function rateInEffect(rates: readonly CurrencyRate[], currency: CurrencyCode, at: Date): CurrencyRate | null {
  let best: CurrencyRate | null = null;
  for (const r of rates) {
    if (r.currency !== currency || r.effectiveFrom.getTime() > at.getTime()) continue;
    if (!best || r.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = r;
  }
  return best;
}

/**
 * Converts base-currency minor units into the target currency, rounding once half-up:
 * target = base × rate × 10^(targetDigits − baseDigits), all in integers.
 */
export function convert(amountMinor: bigint, from: CurrencyCode, to: CurrencyCode, rate: string): Money {
  if (from === to) return money(amountMinor, to);
  const shift = minorDigits(to) - minorDigits(from);
  let numerator = amountMinor * scaleRate(rate);
  let denominator = RATE_FACTOR;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return money(divRoundHalfUp(numerator, denominator), to);
}

/** Raised when no rate is in effect for the requested currency. */
export class MissingRateError extends Error {
  constructor(readonly currency: CurrencyCode) {
    super(`No exchange rate in effect for ${currency}`);
  }
}

/** The tier that applies to `quantity` for `sku`: the largest discount among those reached. */
export function applicableTier(tiers: readonly QuantityTier[], sku: string, quantity: number): QuantityTier | null {
  let best: QuantityTier | null = null;
  for (const t of tiers) {
    if ((t.sku !== null && t.sku !== sku) || quantity < t.minQuantity) continue;
    if (!best || t.discountBasisPoints > best.discountBasisPoints) best = t;
  }
  return best;
}

/** Prices one line following the documented order: list/convert → + markup → − tier; total = unit × quantity. */
export function priceLine(input: PriceInput): PricedLine {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new RangeError('Quantity must be a positive integer');
  const { currency, baseCurrency } = input;
  const at = input.at ?? new Date();
  const adjustments: PriceAdjustment[] = [];
  const toTarget = (baseMinor: bigint): Money => {
    if (currency === baseCurrency) return money(baseMinor, currency);
    const rate = rateInEffect(input.rates, currency, at);
    if (!rate) throw new MissingRateError(currency);
    return convert(baseMinor, baseCurrency, currency, rate.rate);
  };

  let unit: Money;
  if (input.listPriceMinor !== undefined && input.listPriceMinor !== null) {
    unit = money(input.listPriceMinor, currency);
    adjustments.push({ kind: 'PRICE_LIST', amount: unit, description: `List price for ${currency}` });
  } else {
    unit = toTarget(input.basePriceMinor);
    adjustments.push({ kind: 'CONVERSION', amount: unit, description: `Base price in ${currency}` });
  }

  if (input.markup) {
    const m = input.markup;
    const amount = m.kind === 'PERCENT' ? percentage(unit, m.basisPoints) : toTarget(m.amountBaseMinor);
    unit = money(unit.amountMinor + amount.amountMinor, currency);
    adjustments.push({
      kind: 'MARKUP',
      amount,
      description: m.kind === 'PERCENT' ? `Warehouse markup ${m.basisPoints} bp` : 'Warehouse fixed markup',
    });
  }

  const tier = applicableTier(input.tiers ?? [], input.sku, input.quantity);
  if (tier) {
    const discount = percentage(unit, tier.discountBasisPoints);
    unit = money(unit.amountMinor - discount.amountMinor, currency);
    adjustments.push({
      kind: 'QUANTITY_TIER',
      amount: money(-discount.amountMinor, currency),
      description: `${tier.discountBasisPoints} bp off from ${tier.minQuantity} units`,
    });
  }

  return { unitPrice: unit, lineTotal: times(unit, input.quantity), adjustments };
}
