import { describe, expect, it } from '@jest/globals';
import { money } from '@shopgraph/money';
import {
  type AppliedDiscount,
  type PricedLine,
  applyDiscounts,
  summarizeTotals,
  tierShippingDiscount,
} from '../../src/domain/checkout-totals.js';

const vnd = (n: number | bigint) => money(BigInt(n), 'VND');
const line = (key: string, unit: number, quantity: number): PricedLine => ({
  key,
  sku: key.toUpperCase(),
  quantity,
  unitPrice: vnd(unit),
  lineTotal: vnd(unit * quantity),
});
const promo = (amounts: Record<string, number>, shipping = 0): AppliedDiscount => ({
  promotionId: 'p',
  code: null,
  amount: vnd(Object.values(amounts).reduce((a, b) => a + b, 0) + shipping),
  lineAmounts: new Map(Object.entries(amounts).map(([k, v]) => [k, BigInt(v)])),
  shippingAmount: vnd(shipping),
});
const noPoints = { pointsRequested: 0, pointsBalance: 0, pointValueMinor: 10n };

describe('checkout totals', () => {
  it('takes promotions off lines, then spends points in proportion to what is left, summing exactly', () => {
    const d = applyDiscounts('VND', [line('a', 100_001, 1), line('b', 50_000, 1)], [promo({ a: 10_000 })], {
      pointsRequested: 1_001,
      pointsBalance: 5_000,
      pointValueMinor: 10n,
    });
    expect(d.subtotal.amountMinor).toBe(150_001n);
    expect(d.promotionLineDiscount.amountMinor).toBe(10_000n);
    expect(d.pointsUsed).toBe(1_001);
    expect(d.loyaltyDiscount.amountMinor).toBe(10_010n);
    const parts = d.lines.map((l) => l.loyaltyDiscount.amountMinor);
    expect(parts[0]! + parts[1]!).toBe(10_010n);
    expect(d.lines.map((l) => l.amountAfterDiscounts.amountMinor)).toEqual([100_001n - 10_000n - parts[0]!, 50_000n - parts[1]!]);
  });

  it('bounds points by the balance and by the merchandise after promotions', () => {
    expect(
      applyDiscounts('VND', [line('a', 1_000, 1)], [], { pointsRequested: 50, pointsBalance: 20, pointValueMinor: 10n }).pointsUsed,
    ).toBe(20);
    const capped = applyDiscounts('VND', [line('a', 1_000, 1)], [promo({ a: 905 })], {
      pointsRequested: 500,
      pointsBalance: 500,
      pointValueMinor: 10n,
    });
    expect(capped.pointsMax).toBe(9);
    expect(capped.pointsUsed).toBe(9);
    expect(capped.lines[0]!.amountAfterDiscounts.amountMinor).toBe(5n);
    expect(applyDiscounts('VND', [line('a', 1_000, 1)], [], { pointsRequested: 5, pointsBalance: 5, pointValueMinor: 0n }).pointsUsed).toBe(
      0,
    );
  });

  it('never takes more off a line than it costs', () => {
    const d = applyDiscounts('VND', [line('a', 500, 1)], [promo({ a: 400 }), promo({ a: 400 })], noPoints);
    expect(d.lines[0]!.promotionDiscount.amountMinor).toBe(500n);
    expect(d.lines[0]!.amountAfterDiscounts.amountMinor).toBe(0n);
  });

  it('total = subtotal − discounts + shipping − shipping discount (capped) + exclusive tax', () => {
    const d = applyDiscounts('VND', [line('a', 200_000, 2), line('b', 300_000, 1)], [promo({ a: 40_000, b: 30_000 }, 50_000)], {
      pointsRequested: 700,
      pointsBalance: 1_000,
      pointValueMinor: 10n,
    });
    const t = summarizeTotals(d, { shippingPrice: vnd(30_000), exclusiveTax: vnd(62_300), taxTotal: vnd(62_300) });
    expect(t.shippingDiscount.amountMinor).toBe(30_000n);
    expect(t.promotionDiscount.amountMinor).toBe(100_000n);
    expect(t.total.amountMinor).toBe(700_000n - 70_000n - 7_000n + 30_000n - 30_000n + 62_300n);
    const none = summarizeTotals(d, { shippingPrice: null, exclusiveTax: vnd(0), taxTotal: vnd(0) });
    expect(none.shipping.amountMinor).toBe(0n);
    expect(none.total.amountMinor).toBe(623_000n);
  });

  it('a tier with free standard shipping covers what promotions left of STANDARD only', () => {
    expect(tierShippingDiscount(true, 'STANDARD', 30_000n, 10_000n)).toBe(20_000n);
    expect(tierShippingDiscount(true, 'STANDARD', 30_000n, 40_000n)).toBe(0n);
    expect(tierShippingDiscount(true, 'EXPRESS', 30_000n, 0n)).toBe(0n);
    expect(tierShippingDiscount(false, 'STANDARD', 30_000n, 0n)).toBe(0n);
    const d = applyDiscounts('VND', [line('a', 1_000, 1)], [], noPoints, 25_000n);
    expect(summarizeTotals(d, { shippingPrice: vnd(25_000), exclusiveTax: vnd(0), taxTotal: vnd(0) }).total.amountMinor).toBe(1_000n);
  });
});
