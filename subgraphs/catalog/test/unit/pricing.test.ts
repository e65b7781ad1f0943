import { describe, expect, it } from '@jest/globals';
import { sum } from '@shopgraph/money';
import {
  MissingRateError,
  applicableTier,
  convert,
  priceLine,
  rateInEffect,
  scaleRate,
  type CurrencyRate,
} from '../../src/domain/pricing.js';

const rates: CurrencyRate[] = [
  { currency: 'USD', rate: '0.00004', effectiveFrom: new Date('2026-01-01T00:00:00Z') },
  { currency: 'USD', rate: '0.0000393', effectiveFrom: new Date('2026-06-01T00:00:00Z') },
  { currency: 'EUR', rate: '0.0000365', effectiveFrom: new Date('2026-01-01T00:00:00Z') },
];
const at = new Date('2026-07-01T00:00:00Z');
const base = { sku: 'SKU-1', baseCurrency: 'VND' as const, rates, at };

describe('pricing domain', () => {
  it('converts VND to USD cents rounding once half-up', () => {
    // 1_234_567 VND × 0.0000393 = 48.51848… USD → 4852 cents
    expect(convert(1_234_567n, 'VND', 'USD', '0.0000393')).toEqual({ amountMinor: 4852n, currency: 'USD' });
    // exactly half a cent rounds up: 125 VND × 0.0001 = 0.0125 USD = 1.25 cents → 1
    expect(convert(125n, 'VND', 'USD', '0.0001').amountMinor).toBe(1n);
    expect(convert(150n, 'VND', 'USD', '0.0001').amountMinor).toBe(2n);
  });

  it('converts USD cents to VND with zero digits', () => {
    // 10.05 USD × 25445.5 VND/USD = 255727.275 → 255727
    expect(convert(1005n, 'USD', 'VND', '25445.5')).toEqual({ amountMinor: 255727n, currency: 'VND' });
    expect(convert(1n, 'USD', 'VND', '250')).toEqual({ amountMinor: 3n, currency: 'VND' }); // 2.5 → 3
  });

  it('keeps rates exact and rejects bad ones', () => {
    expect(scaleRate('0.0000393')).toBe(39_300_000n);
    expect(() => scaleRate('1e-5')).toThrow(RangeError);
    expect(() => scaleRate('0')).toThrow(RangeError);
  });

  it('picks the latest effective rate not after the pricing instant', () => {
    expect(rateInEffect(rates, 'USD', at)?.rate).toBe('0.0000393');
    expect(rateInEffect(rates, 'USD', new Date('2026-03-01T00:00:00Z'))?.rate).toBe('0.00004');
    expect(rateInEffect(rates, 'USD', new Date('2025-01-01T00:00:00Z'))).toBeNull();
    expect(() => priceLine({ ...base, basePriceMinor: 100n, currency: 'GBP', quantity: 1 })).toThrow(MissingRateError);
  });

  it('keeps VND prices unconverted in the base currency', () => {
    const p = priceLine({ ...base, basePriceMinor: 199_999n, currency: 'VND', quantity: 3 });
    expect(p.unitPrice).toEqual({ amountMinor: 199_999n, currency: 'VND' });
    expect(p.lineTotal.amountMinor).toBe(599_997n);
  });

  it('lets a list price override conversion', () => {
    const p = priceLine({ ...base, basePriceMinor: 1_000_000n, currency: 'USD', quantity: 1, listPriceMinor: 3999n });
    expect(p.unitPrice.amountMinor).toBe(3999n);
    expect(p.adjustments.map((a) => a.kind)).toEqual(['PRICE_LIST']);
  });

  it('applies markup before the tier discount, each rounded once', () => {
    // 1_000_000 VND → 39.30 USD; +2.5% markup = 0.9825 → 0.98 → 40.28; 5+ units −5% = 2.014 → 2.01 → 38.27
    const p = priceLine({
      ...base,
      basePriceMinor: 1_000_000n,
      currency: 'USD',
      quantity: 5,
      markup: { kind: 'PERCENT', basisPoints: 250 },
      tiers: [{ sku: null, minQuantity: 5, discountBasisPoints: 500 }],
    });
    expect(p.adjustments.map((a) => [a.kind, a.amount.amountMinor])).toEqual([
      ['CONVERSION', 3930n],
      ['MARKUP', 98n],
      ['QUANTITY_TIER', -201n],
    ]);
    expect(p.unitPrice.amountMinor).toBe(3827n);
    expect(p.lineTotal.amountMinor).toBe(3827n * 5n);
    // the other order would give 3930 − 197 = 3733, + 2.5% = 93 → 3826: the order matters and is fixed
    expect(p.unitPrice.amountMinor).not.toBe(3826n);
  });

  it('converts a fixed markup from the base currency', () => {
    const p = priceLine({
      ...base,
      basePriceMinor: 500_000n,
      currency: 'USD',
      quantity: 1,
      markup: { kind: 'FIXED', amountBaseMinor: 20_000n },
    });
    // 500_000 → 19.65; 20_000 → 0.786 → 0.79
    expect(p.unitPrice.amountMinor).toBe(1965n + 79n);
  });

  it('applies a tier from its minimum quantity, not below, and prefers the biggest reached discount', () => {
    const tiers = [
      { sku: null, minQuantity: 5, discountBasisPoints: 500 },
      { sku: 'SKU-1', minQuantity: 10, discountBasisPoints: 1000 },
      { sku: 'OTHER', minQuantity: 2, discountBasisPoints: 5000 },
    ];
    expect(applicableTier(tiers, 'SKU-1', 4)).toBeNull();
    expect(applicableTier(tiers, 'SKU-1', 5)?.discountBasisPoints).toBe(500);
    expect(applicableTier(tiers, 'SKU-1', 9)?.discountBasisPoints).toBe(500);
    expect(applicableTier(tiers, 'SKU-1', 10)?.discountBasisPoints).toBe(1000);
    expect(applicableTier(tiers, 'SKU-2', 10)?.discountBasisPoints).toBe(500);
    const four = priceLine({ ...base, basePriceMinor: 100_000n, currency: 'VND', quantity: 4, tiers });
    const five = priceLine({ ...base, basePriceMinor: 100_000n, currency: 'VND', quantity: 5, tiers });
    expect(four.unitPrice.amountMinor).toBe(100_000n);
    expect(five.unitPrice.amountMinor).toBe(95_000n);
  });

  it('adds up exactly: adjustments sum to the unit price and the total is unit × quantity', () => {
    for (const [basePriceMinor, quantity] of [
      [1n, 7],
      [333_333n, 11],
      [9_999_999n, 5],
      [12_345n, 1],
    ] as const) {
      for (const currency of ['VND', 'USD', 'EUR'] as const) {
        const p = priceLine({
          ...base,
          basePriceMinor,
          currency,
          quantity,
          markup: { kind: 'PERCENT', basisPoints: 333 },
          tiers: [{ sku: null, minQuantity: 5, discountBasisPoints: 750 }],
        });
        expect(
          sum(
            p.adjustments.map((a) => a.amount),
            currency,
          ),
        ).toEqual(p.unitPrice);
        expect(p.lineTotal.amountMinor).toBe(p.unitPrice.amountMinor * BigInt(quantity));
      }
    }
  });

  it('rejects non-positive quantities', () => {
    expect(() => priceLine({ ...base, basePriceMinor: 1n, currency: 'VND', quantity: 0 })).toThrow(RangeError);
  });
});
