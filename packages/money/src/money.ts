import { type CurrencyCode, minorDigits } from './currency.js';

/** An amount of money: integer minor units and a currency. Never a float. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
}

/** Builds a `Money` from minor units. */
export function money(amountMinor: bigint | number, currency: CurrencyCode): Money {
  if (typeof amountMinor === 'number' && !Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`Minor units must be an integer, got ${amountMinor}`);
  }
  return { amountMinor: BigInt(amountMinor), currency };
}

/** Zero in a currency. */
export function zero(currency: CurrencyCode): Money {
  return { amountMinor: 0n, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

/** a + b (same currency). */
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

/** Sum of amounts in one currency; zero of `currency` for an empty list. */
export function sum(items: readonly Money[], currency: CurrencyCode): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

/** Money times an integer quantity. */
export function times(a: Money, quantity: number | bigint): Money {
  return { amountMinor: a.amountMinor * BigInt(quantity), currency: a.currency };
}

/**
 * Divides `numerator / denominator` rounding half away from zero: the one rounding rule used for
 * money in shopgraph (percentages, conversions, tiers).
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** `basisPoints`/10000 of an amount, rounded once half-up (e.g. 500 bp = 5%). */
export function percentage(a: Money, basisPoints: number): Money {
  return { amountMinor: divRoundHalfUp(a.amountMinor * BigInt(basisPoints), 10_000n), currency: a.currency };
}

/**
 * Splits `total` over `weights` so that the parts sum exactly to `total` (largest remainder
 * method). Ties in the remainder go to the earlier index, so the result is deterministic.
 */
export function allocate(total: Money, weights: readonly (bigint | number)[]): Money[] {
  const w = weights.map((x) => BigInt(x));
  if (w.some((x) => x < 0n)) throw new RangeError('Weights must not be negative');
  const weightSum = w.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) {
    if (w.length === 0) throw new RangeError('Cannot allocate over no weights');
    return allocate(
      total,
      w.map(() => 1n),
    );
  }
  const sign = total.amountMinor < 0n ? -1n : 1n;
  const abs = total.amountMinor * sign;
  const parts = w.map((x) => (abs * x) / weightSum);
  const remainders = w.map((x, i) => ({ i, r: (abs * x) % weightSum }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ amountMinor: p * sign, currency: total.currency }));
}

/** Decimal string of an amount in major units, e.g. 24999 USD → "249.99", 120000 VND → "120000". */
export function toDecimalString(a: Money): string {
  const digits = minorDigits(a.currency);
  const negative = a.amountMinor < 0n;
  const abs = (negative ? -a.amountMinor : a.amountMinor).toString();
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Parses a decimal string in major units into minor units; rejects more digits than the currency has. */
export function fromDecimalString(value: string, currency: CurrencyCode): Money {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${value}`);
  const digits = minorDigits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > digits) throw new RangeError(`${currency} has ${digits} decimal digits: ${value}`);
  const minor = BigInt(match[2]! + fraction.padEnd(digits, '0'));
  return { amountMinor: match[1] ? -minor : minor, currency };
}
