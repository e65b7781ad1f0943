import { describe, expect, it } from '@jest/globals';
import { CardBrand, looksLikeCardNumber, paymentMethodProblems } from '../src/payment-method.js';

const now = new Date('2026-11-23T00:00:00Z');
const valid = { providerToken: 'pm_1Nx2abc', brand: CardBrand.VISA, last4: '4242', expiryMonth: 12, expiryYear: 2028 };
const fields = (overrides: object) => paymentMethodProblems({ ...valid, ...overrides }, now).map((p) => p.field);

describe('saved payment method rules', () => {
  it('accepts a provider token with display details, including a card expiring this month', () => {
    expect(fields({})).toEqual([]);
    expect(fields({ expiryMonth: 11, expiryYear: 2026 })).toEqual([]);
  });

  it('refuses card numbers posing as tokens', () => {
    expect(looksLikeCardNumber('4242424242424242')).toBe(true);
    expect(looksLikeCardNumber('4242 4242 4242 4242')).toBe(true);
    expect(looksLikeCardNumber('pm_1Nx2abc')).toBe(false);
    expect(fields({ providerToken: '4242-4242-4242-4242' })).toEqual(['providerToken']);
    expect(fields({ providerToken: ' ' })).toEqual(['providerToken']);
  });

  it('checks last4 and expiry', () => {
    expect(fields({ last4: '424' })).toEqual(['last4']);
    expect(fields({ last4: 'abcd' })).toEqual(['last4']);
    expect(fields({ expiryMonth: 13 })).toEqual(['expiryMonth']);
    expect(fields({ expiryMonth: 10, expiryYear: 2026 })).toEqual(['expiryYear']);
    expect(fields({ expiryYear: 2090 })).toEqual(['expiryYear']);
  });
});
