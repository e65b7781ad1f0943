import { describe, expect, it } from '@jest/globals';
import { canDebit, isValidPointAmount, pointsValue, reversalPoints } from '../../src/domain/loyalty.js';

describe('loyalty rules', () => {
  it('accepts positive whole point amounts only', () => {
    expect(isValidPointAmount(1)).toBe(true);
    expect(isValidPointAmount(0)).toBe(false);
    expect(isValidPointAmount(-5)).toBe(false);
    expect(isValidPointAmount(1.5)).toBe(false);
    expect(isValidPointAmount(1e12)).toBe(false);
  });

  it('never lets a debit take the balance below zero', () => {
    expect(canDebit(100, 100)).toBe(true);
    expect(canDebit(99, 100)).toBe(false);
    expect(canDebit(0, -10)).toBe(true);
  });

  it('reverses the net of an order, clamped at a zero balance', () => {
    expect(reversalPoints(500, 800)).toBe(-500);
    expect(reversalPoints(-200, 0)).toBe(200);
    expect(reversalPoints(300, 50)).toBe(-50);
    expect(reversalPoints(0, 10)).toBe(0);
  });

  it('values points in minor units of the currency', () => {
    expect(pointsValue(120, 10, 'VND')).toEqual({ amountMinor: 1200n, currency: 'VND' });
  });
});
