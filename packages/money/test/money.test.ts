import { describe, expect, it } from '@jest/globals';
import { allocate, divRoundHalfUp, fromDecimalString, money, percentage, sum, toDecimalString } from '@shopgraph/money';

describe('money', () => {
  it('rounds half away from zero, once', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(percentage(money(999, 'USD'), 500).amountMinor).toBe(50n); // 49.95 → 50
  });

  it('allocates exactly, with deterministic remainders', () => {
    const parts = allocate(money(100, 'USD'), [1, 1, 1]);
    expect(parts.map((p) => p.amountMinor)).toEqual([34n, 33n, 33n]);
    expect(sum(parts, 'USD').amountMinor).toBe(100n);
    const weighted = allocate(money(1001, 'VND'), [3000, 2000, 5000]);
    expect(sum(weighted, 'VND').amountMinor).toBe(1001n);
    expect(weighted.map((p) => p.amountMinor)).toEqual([300n, 200n, 501n]);
    const negative = allocate(money(-10, 'USD'), [1, 2]);
    expect(negative.map((p) => p.amountMinor)).toEqual([-3n, -7n]);
  });

  it('formats and parses decimal strings per currency', () => {
    expect(toDecimalString(money(24999, 'USD'))).toBe('249.99');
    expect(toDecimalString(money(5, 'USD'))).toBe('0.05');
    expect(toDecimalString(money(120000, 'VND'))).toBe('120000');
    expect(fromDecimalString('249.9', 'USD').amountMinor).toBe(24990n);
    expect(() => fromDecimalString('1.5', 'VND')).toThrow(/0 decimal digits/);
    expect(() => money(1.5, 'USD')).toThrow(RangeError);
  });
});
