import { describe, expect, it } from '@jest/globals';
import { MAX_LINE_QUANTITY, mergeQuantity, quantityProblem } from '../../src/domain/cart-rules.js';
import { CartWarningCode, lineWarnings } from '../../src/domain/cart-warnings.js';
import { CHECKOUT_MACHINE, CheckoutStatus, canMoveCheckout } from '../../src/domain/checkout-status.js';
import { resolveUpdate } from '../../src/domain/checkout-update.js';

const now = new Date('2026-11-23T00:00:00Z');
const hanoi = { fullName: 'Ana', line1: '1 Trang Tien', city: 'Hoan Kiem', region: 'Ha Noi', postalCode: '100000', countryCode: 'vn' };
const saved = {
  addresses: [{ id: 'addr-1', ...hanoi, countryCode: 'VN' }],
  cards: [{ id: 'card-1', providerToken: 'tok', brand: 'VISA', last4: '4242', expiryMonth: 1, expiryYear: 2030 }],
  loyaltyPoints: 100,
  signedIn: true,
};

describe('cart rules', () => {
  it('bounds quantities', () => {
    expect(quantityProblem(1)).toBeNull();
    expect(quantityProblem(MAX_LINE_QUANTITY)).toBeNull();
    for (const q of [0, -1, MAX_LINE_QUANTITY + 1, 1.5]) expect(quantityProblem(q)).not.toBeNull();
  });

  it('merges by summing, capped by availability and the line maximum, never below the customer quantity', () => {
    expect(mergeQuantity({ sku: 'a', customerQuantity: 2, guestQuantity: 3, available: 10 })).toEqual({
      sku: 'a',
      quantity: 5,
      capped: false,
    });
    expect(mergeQuantity({ sku: 'a', customerQuantity: 4, guestQuantity: 4, available: 6 })).toEqual({
      sku: 'a',
      quantity: 6,
      capped: true,
    });
    expect(mergeQuantity({ sku: 'a', customerQuantity: 4, guestQuantity: 4, available: 2 })).toEqual({
      sku: 'a',
      quantity: 4,
      capped: true,
    });
    expect(mergeQuantity({ sku: 'a', customerQuantity: 0, guestQuantity: 3, available: 0 })).toEqual({
      sku: 'a',
      quantity: 0,
      capped: true,
    });
    expect(mergeQuantity({ sku: 'a', customerQuantity: 60, guestQuantity: 60, available: 500 }).quantity).toBe(MAX_LINE_QUANTITY);
  });

  it('warns about price changes in the same currency, stock and sellability', () => {
    const base = {
      sku: 'a',
      name: 'A',
      quantity: 2,
      sellable: true,
      available: 5,
      currency: 'VND',
      currentUnitPriceMinor: 100n,
      seenUnitPriceMinor: 100n,
      seenCurrency: 'VND',
    };
    expect(lineWarnings(base)).toEqual([]);
    expect(lineWarnings({ ...base, currentUnitPriceMinor: 110n }).map((w) => w.code)).toEqual([CartWarningCode.PRICE_CHANGED]);
    expect(lineWarnings({ ...base, currentUnitPriceMinor: 110n, currency: 'USD' })).toEqual([]);
    expect(lineWarnings({ ...base, available: 1 }).map((w) => w.code)).toEqual([CartWarningCode.INSUFFICIENT_STOCK]);
    expect(lineWarnings({ ...base, available: 0 }).map((w) => w.code)).toEqual([CartWarningCode.OUT_OF_STOCK]);
    expect(lineWarnings({ ...base, sellable: false }).map((w) => w.code)).toEqual([CartWarningCode.NOT_SELLABLE]);
  });
});

describe('checkout session rules', () => {
  it('moves from OPEN to a final status, completing only through CONFIRMING, which may fall back to OPEN', () => {
    expect(canMoveCheckout(CheckoutStatus.OPEN, CheckoutStatus.EXPIRED)).toBe(true);
    expect(canMoveCheckout(CheckoutStatus.OPEN, CheckoutStatus.ABANDONED)).toBe(true);
    expect(canMoveCheckout(CheckoutStatus.OPEN, CheckoutStatus.COMPLETED)).toBe(false);
    expect(CHECKOUT_MACHINE.next(CheckoutStatus.CONFIRMING)).toEqual([CheckoutStatus.COMPLETED, CheckoutStatus.OPEN]);
    for (const from of [CheckoutStatus.EXPIRED, CheckoutStatus.ABANDONED, CheckoutStatus.COMPLETED]) {
      expect(CHECKOUT_MACHINE.isTerminal(from)).toBe(true);
      expect(canMoveCheckout(from, CheckoutStatus.OPEN)).toBe(false);
    }
  });

  it('resolves saved ids, normalizes new addresses and codes, keeps the provider token server-side', () => {
    const { changes, problems } = resolveUpdate(
      {
        shippingAddress: { address: hanoi },
        billingAddress: { savedAddressId: 'addr-1' },
        payment: { savedPaymentMethodId: 'card-1' },
        promotionCodes: [' SAVE10 ', 'save10'],
        loyaltyPoints: 100,
      },
      saved,
      now,
    );
    expect(problems).toEqual([]);
    expect(changes.shippingAddress).toMatchObject({ countryCode: 'VN', savedAddressId: null });
    expect(changes.billingAddress).toMatchObject({ savedAddressId: 'addr-1' });
    expect(changes.payment).toMatchObject({ savedPaymentMethodId: 'card-1', providerToken: 'tok' });
    expect(changes.promotionCodes).toEqual(['save10']);
  });

  it('lists every problem: both or neither address forms, foreign ids, card numbers, points', () => {
    const { problems } = resolveUpdate(
      {
        shippingAddress: { savedAddressId: 'addr-1', address: hanoi },
        billingAddress: { savedAddressId: 'someone-else' },
        payment: { card: { providerToken: '4111111111111111', brand: 'VISA', last4: '1111', expiryMonth: 1, expiryYear: 2030 } },
        loyaltyPoints: 101,
        notes: 'x'.repeat(1001),
      },
      saved,
      now,
    );
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['INVALID_INPUT', 'shippingAddress'],
      ['NOT_FOUND', 'billingAddress.savedAddressId'],
      ['INVALID_INPUT', 'payment.card.providerToken'],
      ['INSUFFICIENT_POINTS', 'loyaltyPoints'],
      ['INVALID_INPUT', 'notes'],
    ]);
    expect(resolveUpdate({ loyaltyPoints: 1 }, { ...saved, signedIn: false, loyaltyPoints: 0 }, now).problems.map((p) => p.code)).toEqual([
      'INSUFFICIENT_POINTS',
    ]);
    expect(resolveUpdate({ shippingAddress: { address: { ...hanoi, countryCode: 'ZZ' } } }, saved, now).problems).toEqual([
      { code: 'INVALID_INPUT', field: 'shippingAddress.address.countryCode', message: expect.stringContaining('Country must be one of') },
    ]);
  });

  it('normalizes a contact email, refuses a malformed one, and lets null return to the account email', () => {
    expect(resolveUpdate({ email: '  Guest@Example.COM ' }, saved, now)).toEqual({ changes: { email: 'guest@example.com' }, problems: [] });
    expect(resolveUpdate({ email: 'not-an-email' }, saved, now).problems).toEqual([
      { code: 'INVALID_INPUT', field: 'email', message: 'Email address is not valid' },
    ]);
    expect(resolveUpdate({ email: `${'a'.repeat(250)}@example.com` }, saved, now).problems.map((p) => p.field)).toEqual(['email']);
    expect(resolveUpdate({ email: null }, saved, now)).toEqual({ changes: { email: null }, problems: [] });
  });
});
