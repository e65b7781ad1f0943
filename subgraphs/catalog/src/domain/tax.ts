import { type Money, divRoundHalfUp, money } from '@shopgraph/money';

/**
 * Tax rules of the catalog, free of ORM and GraphQL.
 *
 * A rate is a percentage kept as an exact decimal string with at most four decimals ("20", "7.25",
 * "8.875"), scaled to an integer of 1/10000 percent so all maths is integer maths.
 *   - exclusive: tax = amount × rate, rounded once half-up to the currency's minor units, added on top;
 *   - inclusive: tax = amount − amount / (1 + rate) = amount × rate / (1 + rate), rounded once
 *     half-up; it is already inside the amount.
 * The rate that applies to (country, region, category) is the region-specific one when it exists,
 * otherwise the country-wide one; with neither, nothing is taxed (0 %, exclusive).
 */

/** Tax categories of products; STANDARD unless a product says otherwise. */
export const TAX_CATEGORIES = ['STANDARD', 'REDUCED', 'ZERO'] as const;
/** A tax category. */
export type TaxCategoryCode = (typeof TAX_CATEGORIES)[number];

/** Decimals kept in a tax percentage. */
export const TAX_RATE_DECIMALS = 4;
/** One whole (100 %) in scaled units: 100 × 10^TAX_RATE_DECIMALS. */
const WHOLE = 100n * 10n ** BigInt(TAX_RATE_DECIMALS);

/** A tax rate row as the rules see it; `region` null is country-wide. */
export interface TaxRateRule {
  countryCode: string;
  region: string | null;
  category: TaxCategoryCode;
  /** Exact decimal percentage string, e.g. "7.25". */
  ratePercent: string;
  inclusive: boolean;
}

/** The rate applied to one amount. */
export interface AppliedTax {
  ratePercent: string;
  inclusive: boolean;
  amount: Money;
}

/** Parses a percentage string (0 to 100, at most four decimals) into 1/10000-percent units. */
export function scaleTaxRate(ratePercent: string): bigint {
  const match = /^(\d{1,3})(?:\.(\d+))?$/.exec(ratePercent.trim());
  if (!match) throw new RangeError(`Not a percentage: ${ratePercent}`);
  const fraction = match[2] ?? '';
  if (fraction.length > TAX_RATE_DECIMALS) throw new RangeError(`A tax rate has at most ${TAX_RATE_DECIMALS} decimals: ${ratePercent}`);
  const scaled = BigInt(match[1]! + fraction.padEnd(TAX_RATE_DECIMALS, '0'));
  if (scaled > WHOLE) throw new RangeError(`A tax rate is at most 100 %: ${ratePercent}`);
  return scaled;
}

/** The canonical string of a percentage: no trailing zeros, e.g. "7.2500" → "7.25", "20.0" → "20". */
export function normalizeTaxRate(ratePercent: string): string {
  const scaled = scaleTaxRate(ratePercent)
    .toString()
    .padStart(TAX_RATE_DECIMALS + 1, '0');
  const whole = scaled.slice(0, -TAX_RATE_DECIMALS);
  const fraction = scaled.slice(-TAX_RATE_DECIMALS).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Normalizes a region code for matching: trimmed, upper case; empty means none. */
export function normalizeRegion(region: string | null | undefined): string | null {
  const r = region?.trim().toUpperCase();
  return r ? r : null;
}

/** The rate for (country, region, category): region-specific if there is one, else country-wide, else null. */
export function taxRateFor(
  rules: readonly TaxRateRule[],
  countryCode: string,
  region: string | null,
  category: TaxCategoryCode,
): TaxRateRule | null {
  const wanted = normalizeRegion(region);
  let countryWide: TaxRateRule | null = null;
  for (const r of rules) {
    if (r.countryCode !== countryCode || r.category !== category) continue;
    const ruleRegion = normalizeRegion(r.region);
    if (ruleRegion === null) countryWide = r;
    else if (wanted !== null && ruleRegion === wanted) return r;
  }
  return countryWide;
}

/** Tax on `amount` at `rule` (none: 0 %, exclusive), rounded once half-up. */
export function taxOn(amount: Money, rule: Pick<TaxRateRule, 'ratePercent' | 'inclusive'> | null): AppliedTax {
  if (amount.amountMinor < 0n) throw new RangeError('A taxed amount must not be negative');
  if (!rule) return { ratePercent: '0', inclusive: false, amount: money(0n, amount.currency) };
  const rate = scaleTaxRate(rule.ratePercent);
  const tax = rule.inclusive ? divRoundHalfUp(amount.amountMinor * rate, WHOLE + rate) : divRoundHalfUp(amount.amountMinor * rate, WHOLE);
  return { ratePercent: normalizeTaxRate(rule.ratePercent), inclusive: rule.inclusive, amount: money(tax, amount.currency) };
}
