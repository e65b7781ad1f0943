import { describe, expect, it } from '@jest/globals';
import { money } from '@shopgraph/money';
import { type QuoteInput, quoteCheckout } from '../../src/domain/checkout-quote.js';
import { convert } from '../../src/domain/pricing.js';
import { type ShippingMethodRule, bandFor, bandsOverlap, shippingOffers } from '../../src/domain/shipping.js';
import { type TaxRateRule, normalizeTaxRate, scaleTaxRate, taxOn, taxRateFor } from '../../src/domain/tax.js';

const usd = (minor: bigint | number) => money(minor, 'USD');
const vnd = (minor: bigint | number) => money(minor, 'VND');

const rules: TaxRateRule[] = [
  { countryCode: 'US', region: null, category: 'STANDARD', ratePercent: '0', inclusive: false },
  { countryCode: 'US', region: 'CA', category: 'STANDARD', ratePercent: '7.25', inclusive: false },
  { countryCode: 'GB', region: null, category: 'STANDARD', ratePercent: '20', inclusive: true },
  { countryCode: 'GB', region: null, category: 'REDUCED', ratePercent: '5', inclusive: true },
];

const standard: ShippingMethodRule = {
  code: 'STANDARD',
  name: 'Standard',
  description: '',
  estimatedDaysMin: 3,
  estimatedDaysMax: 7,
  freeShippingThresholdBaseMinor: 1_000_000n,
  bands: [
    { minWeightGrams: 0, maxWeightGrams: 1000, priceBaseMinor: 30_000n },
    { minWeightGrams: 1000, maxWeightGrams: null, priceBaseMinor: 45_000n },
  ],
};
const express: ShippingMethodRule = {
  code: 'EXPRESS',
  name: 'Express',
  description: '',
  estimatedDaysMin: 1,
  estimatedDaysMax: 2,
  freeShippingThresholdBaseMinor: null,
  bands: [{ minWeightGrams: 0, maxWeightGrams: 5000, priceBaseMinor: 60_000n }],
};
const toUsd = (baseMinor: bigint) => convert(baseMinor, 'VND', 'USD', '0.0000393');

describe('tax rules', () => {
  it('computes exclusive tax as amount × rate, rounded once half-up', () => {
    // 19.99 × 7.25 % = 1.449275 → 1.45
    expect(taxOn(usd(1999), { ratePercent: '7.25', inclusive: false }).amount).toEqual(usd(145));
    // 0.10 × 5 % = 0.005 → exactly half a cent rounds up to 0.01
    expect(taxOn(usd(10), { ratePercent: '5', inclusive: false }).amount).toEqual(usd(1));
    // 0.09 × 5 % = 0.0045 → 0.00
    expect(taxOn(usd(9), { ratePercent: '5', inclusive: false }).amount).toEqual(usd(0));
  });

  it('computes inclusive tax as amount − amount / (1 + rate), rounded once half-up', () => {
    expect(taxOn(vnd(110_000), { ratePercent: '10', inclusive: true }).amount).toEqual(vnd(10_000));
    // 19.99 incl. 20 %: 19.99 − 19.99 / 1.2 = 3.331666… → 3.33
    expect(taxOn(usd(1999), { ratePercent: '20', inclusive: true }).amount).toEqual(usd(333));
    // 0.03 incl. 20 %: 0.03 / 6 = 0.005 → half rounds up to 0.01 (not 0.03 − round(0.025) = 0.00)
    expect(taxOn(usd(3), { ratePercent: '20', inclusive: true }).amount).toEqual(usd(1));
    expect(taxOn(usd(1999), { ratePercent: '20', inclusive: true })).toMatchObject({ ratePercent: '20', inclusive: true });
  });

  it('taxes nothing without a rate, and rejects bad rates', () => {
    expect(taxOn(usd(1000), null)).toEqual({ ratePercent: '0', inclusive: false, amount: usd(0) });
    expect(scaleTaxRate('8.875')).toBe(88_750n);
    expect(normalizeTaxRate('7.2500')).toBe('7.25');
    expect(normalizeTaxRate('20.0')).toBe('20');
    expect(normalizeTaxRate('0')).toBe('0');
    expect(normalizeTaxRate('100')).toBe('100');
    expect(() => scaleTaxRate('100.01')).toThrow(RangeError);
    expect(() => scaleTaxRate('1.23456')).toThrow(RangeError);
    expect(() => scaleTaxRate('-5')).toThrow(RangeError);
  });

  it('prefers a region-specific rate over the country-wide one', () => {
    expect(taxRateFor(rules, 'US', 'CA', 'STANDARD')?.ratePercent).toBe('7.25');
    expect(taxRateFor(rules, 'US', ' ca ', 'STANDARD')?.ratePercent).toBe('7.25');
    expect(taxRateFor(rules, 'US', 'OR', 'STANDARD')?.ratePercent).toBe('0');
    expect(taxRateFor(rules, 'US', null, 'STANDARD')?.ratePercent).toBe('0');
    expect(taxRateFor(rules, 'GB', null, 'REDUCED')?.ratePercent).toBe('5');
    expect(taxRateFor(rules, 'US', 'CA', 'REDUCED')).toBeNull();
    expect(taxRateFor(rules, 'DE', null, 'STANDARD')).toBeNull();
  });
});

describe('shipping rules', () => {
  it('finds the weight band with an inclusive minimum and exclusive maximum', () => {
    expect(bandFor(standard.bands, 0)?.priceBaseMinor).toBe(30_000n);
    expect(bandFor(standard.bands, 999)?.priceBaseMinor).toBe(30_000n);
    expect(bandFor(standard.bands, 1000)?.priceBaseMinor).toBe(45_000n);
    expect(bandFor(standard.bands, 1_000_000)?.priceBaseMinor).toBe(45_000n);
    expect(bandFor(express.bands, 5000)).toBeNull();
    expect(bandsOverlap({ minWeightGrams: 0, maxWeightGrams: 1000 }, { minWeightGrams: 1000, maxWeightGrams: null })).toBe(false);
    expect(bandsOverlap({ minWeightGrams: 0, maxWeightGrams: 1001 }, { minWeightGrams: 1000, maxWeightGrams: 2000 })).toBe(true);
    expect(bandsOverlap({ minWeightGrams: 5000, maxWeightGrams: null }, { minWeightGrams: 9000, maxWeightGrams: 9500 })).toBe(true);
  });

  it('converts prices and ships free from the converted threshold on, cheapest first', () => {
    // Threshold 1,000,000 VND = 39.30 USD; 30,000 VND = 1.18 USD (1.179); 60,000 VND = 2.36 USD.
    const below = shippingOffers([express, standard], 500, usd(3929), toUsd);
    expect(below.map((o) => [o.code, o.price.amountMinor])).toEqual([
      ['STANDARD', 118n],
      ['EXPRESS', 236n],
    ]);
    expect(below[0]!.freeShippingThreshold).toEqual(usd(3930));
    expect(below[1]!.freeShippingThreshold).toBeNull();
    const reached = shippingOffers([express, standard], 500, usd(3930), toUsd);
    expect(reached.map((o) => [o.code, o.price.amountMinor])).toEqual([
      ['STANDARD', 0n],
      ['EXPRESS', 236n],
    ]);
    // Too heavy for express: only standard is offered.
    expect(shippingOffers([express, standard], 5000, usd(100), toUsd).map((o) => o.code)).toEqual(['STANDARD']);
  });
});

describe('checkout quote', () => {
  const base: QuoteInput = {
    currency: 'USD',
    countryCode: 'US',
    region: 'CA',
    lines: [
      { key: 'a', amountMinor: 1999n, quantity: 2, weightGrams: 300, taxCategory: 'STANDARD' },
      { key: 'b', amountMinor: 1001n, quantity: 1, weightGrams: 500, taxCategory: 'STANDARD' },
    ],
    methods: [standard, express],
    taxRules: rules,
    shippingMethodCode: 'EXPRESS',
    shippingDiscountMinor: 0n,
    toTarget: toUsd,
  };

  it('taxes every line and the chosen shipping, and the totals add up', () => {
    const q = quoteCheckout(base);
    // weight 2 × 300 + 500 = 1100 g: standard's second band 45,000 VND = 1.77 USD (1.7685)
    expect(q.shippingOptions.map((o) => [o.code, o.price.amountMinor])).toEqual([
      ['STANDARD', 177n],
      ['EXPRESS', 236n],
    ]);
    expect(q.shipping?.code).toBe('EXPRESS');
    expect(q.taxLines).toEqual([
      { key: 'a', ratePercent: '7.25', inclusive: false, amount: usd(145) }, // 144.9275
      { key: 'b', ratePercent: '7.25', inclusive: false, amount: usd(73) }, // 72.5725
    ]);
    expect(q.shippingTax).toEqual(usd(17)); // 236 × 7.25 % = 17.11
    expect(q.taxTotal).toEqual(usd(145 + 73 + 17));
    expect(q.exclusiveTaxTotal).toEqual(q.taxTotal);
  });

  it('takes the shipping discount off before tax, capped at the price', () => {
    expect(quoteCheckout({ ...base, shippingDiscountMinor: 100n }).shippingTax).toEqual(usd(10)); // 136 × 7.25 % = 9.86
    const capped = quoteCheckout({ ...base, shippingDiscountMinor: 10_000n });
    expect(capped.shippingTax).toEqual(usd(0));
    expect(capped.shipping?.price).toEqual(usd(236));
  });

  it('adds inclusive tax to taxTotal only, and returns no shipping when none is chosen or offered', () => {
    const gb = quoteCheckout({ ...base, countryCode: 'GB', region: null, shippingMethodCode: 'STANDARD' });
    expect(gb.taxLines.map((t) => t.amount.amountMinor)).toEqual([333n, 167n]); // 1999/6, 1001/6 = 166.83
    expect(gb.shippingTax).toEqual(usd(30)); // 177 / 6 = 29.5 → 30
    expect(gb.taxTotal).toEqual(usd(333 + 167 + 30));
    expect(gb.exclusiveTaxTotal).toEqual(usd(0));
    const none = quoteCheckout({ ...base, shippingMethodCode: null });
    expect(none.shipping).toBeNull();
    expect(none.shippingTax).toEqual(usd(0));
    const heavy = quoteCheckout({
      ...base,
      lines: [{ key: 'x', amountMinor: 100n, quantity: 10, weightGrams: 600, taxCategory: 'STANDARD' }],
    });
    expect(heavy.shippingOptions.map((o) => o.code)).toEqual(['STANDARD']);
    expect(heavy.shipping).toBeNull();
  });
});
