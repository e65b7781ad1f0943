import { describe, expect, it } from '@jest/globals';
import { canDebit, isValidPointAmount, pointsToExpire, pointsValue, reversalPoints } from '../../src/domain/loyalty.js';

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

  it('expires what is left of credits past their expiry after debits and earlier expiries take the oldest first', () => {
    // 100 earned long ago, 60 of them redeemed: 40 expire.
    expect(pointsToExpire({ expiredCredits: 100, debits: 60, alreadyExpired: 0, balance: 40 })).toBe(40);
    // Once expired, nothing more is due: a second run changes nothing.
    expect(pointsToExpire({ expiredCredits: 100, debits: 60, alreadyExpired: 40, balance: 0 })).toBe(0);
    // Redemptions larger than the old credits used them up; newer points are not touched.
    expect(pointsToExpire({ expiredCredits: 100, debits: 150, alreadyExpired: 0, balance: 50 })).toBe(0);
    // Never more than the balance, never negative.
    expect(pointsToExpire({ expiredCredits: 500, debits: 0, alreadyExpired: 0, balance: 200 })).toBe(200);
    expect(pointsToExpire({ expiredCredits: 0, debits: 0, alreadyExpired: 0, balance: 0 })).toBe(0);
  });
});
