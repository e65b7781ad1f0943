import { describe, expect, it } from '@jest/globals';
import { evaluatePromotions, type EvaluationInput } from '../../src/domain/promotion-engine.js';
import { type CampaignRule, CampaignType, DiscountType, type PromotionCart, RejectionReason } from '../../src/domain/promotion-rules.js';
import { NOW, cart, line, rule } from './fixtures.js';

function run(
  campaigns: CampaignRule[],
  c: PromotionCart = cart([line('l1', 'p1', 10_000, 2), line('l2', 'p2', 5_000, 1)]),
  extra: Partial<EvaluationInput> = {},
) {
  return evaluatePromotions({ cart: c, codes: [], now: NOW, campaigns, ...extra });
}

function reasonOf(result: ReturnType<typeof run>, id: string) {
  return result.rejected.find((r) => r.campaignId === id)?.reason;
}

function lineSum(result: ReturnType<typeof run>) {
  return result.applied.reduce((s, a) => s + a.lines.reduce((t, l) => t + l.amount.amountMinor, 0n) + a.shippingAmount.amountMinor, 0n);
}

describe('promotion engine: discount types', () => {
  it('PERCENTAGE takes its share of the covered subtotal', () => {
    const result = run([rule({ id: 'a', percentageBasisPoints: 1000 })]);
    expect(result.totalDiscount.amountMinor).toBe(2_500n);
    expect(result.applied[0]!.lines.map((l) => [l.lineId, l.amount.amountMinor])).toEqual([
      ['l1', 2_000n],
      ['l2', 500n],
    ]);
  });

  it('FIXED_AMOUNT on a cart never exceeds what it applies to', () => {
    const result = run([rule({ id: 'a', discountType: DiscountType.FIXED_AMOUNT, fixedAmountMinor: 100_000n, productIds: ['p2'] })]);
    expect(result.totalDiscount.amountMinor).toBe(5_000n);
    expect(result.applied[0]!.lines).toEqual([{ lineId: 'l2', amount: { amountMinor: 5_000n, currency: 'USD' } }]);
  });

  it('FIXED_AMOUNT on a catalog campaign is taken off each covered unit', () => {
    const result = run([
      rule({ id: 'a', campaignType: CampaignType.CATALOG, discountType: DiscountType.FIXED_AMOUNT, fixedAmountMinor: 300n }),
    ]);
    expect(result.totalDiscount.amountMinor).toBe(900n);
  });

  it('BUY_X_GET_Y gives the cheapest covered units free, once per full group', () => {
    const c = cart([line('l1', 'p1', 1_000, 3), line('l2', 'p2', 400, 2), line('l3', 'p3', 700, 2)]);
    // 7 units, buy 2 get 1 → two groups → the two cheapest units (both 400) free.
    const result = run(
      [rule({ id: 'a', discountType: DiscountType.BUY_X_GET_Y, buyQuantity: 2, getQuantity: 1, percentageBasisPoints: null })],
      c,
    );
    expect(result.totalDiscount.amountMinor).toBe(800n);
    expect(result.applied[0]!.lines).toEqual([{ lineId: 'l2', amount: { amountMinor: 800n, currency: 'USD' } }]);
  });

  it('BUY_X_GET_Y repeats for multiples and can discount at a percentage', () => {
    const c = cart([line('l1', 'p1', 1_000, 9)]);
    const free = run(
      [rule({ id: 'a', discountType: DiscountType.BUY_X_GET_Y, buyQuantity: 2, getQuantity: 1, percentageBasisPoints: null })],
      c,
    );
    expect(free.totalDiscount.amountMinor).toBe(3_000n);
    const half = run(
      [rule({ id: 'a', discountType: DiscountType.BUY_X_GET_Y, buyQuantity: 2, getQuantity: 1, percentageBasisPoints: 5000 })],
      c,
    );
    expect(half.totalDiscount.amountMinor).toBe(1_500n);
    const short = run(
      [rule({ id: 'a', discountType: DiscountType.BUY_X_GET_Y, buyQuantity: 2, getQuantity: 1 })],
      cart([line('l1', 'p1', 1_000, 2)]),
    );
    expect(reasonOf(short, 'a')).toBe(RejectionReason.NO_ELIGIBLE_ITEMS);
  });

  it('FREE_SHIPPING discounts the shipping amount only', () => {
    const result = run([rule({ id: 'a', discountType: DiscountType.FREE_SHIPPING })]);
    expect(result.applied[0]!.shippingAmount.amountMinor).toBe(500n);
    expect(result.applied[0]!.lines).toEqual([]);
    expect(result.totalDiscount.amountMinor).toBe(500n);
    const noShipping = run(
      [rule({ id: 'a', discountType: DiscountType.FREE_SHIPPING })],
      cart([line('l1', 'p1', 100)], { shippingAmount: { amountMinor: 0n, currency: 'USD' } }),
    );
    expect(reasonOf(noShipping, 'a')).toBe(RejectionReason.NO_ELIGIBLE_ITEMS);
  });

  it('caps a discount at its maximum amount and at the remaining budget', () => {
    expect(run([rule({ id: 'a', percentageBasisPoints: 5000, maximumDiscountAmountMinor: 1_234n })]).totalDiscount.amountMinor).toBe(
      1_234n,
    );
    expect(
      run([rule({ id: 'a', percentageBasisPoints: 5000, budgetMinor: 10_000n, budgetUsedMinor: 9_000n })]).totalDiscount.amountMinor,
    ).toBe(1_000n);
  });
});

describe('promotion engine: eligibility', () => {
  const cases: [string, Partial<CampaignRule>, RejectionReason, Partial<PromotionCart>?][] = [
    ['inactive', { active: false }, RejectionReason.INACTIVE],
    ['not started', { startsAt: new Date('2026-07-01T00:00:00Z') }, RejectionReason.NOT_STARTED],
    ['expired', { endsAt: NOW }, RejectionReason.EXPIRED],
    ['code required', { requiresCode: true, codes: ['SUMMER'] }, RejectionReason.CODE_REQUIRED],
    ['segment', { customerSegments: ['vip'] }, RejectionReason.SEGMENT_NOT_ELIGIBLE],
    ['customer campaign for a guest', { campaignType: CampaignType.CUSTOMER }, RejectionReason.SEGMENT_NOT_ELIGIBLE, { customerId: null }],
    ['usage limit', { usageLimit: 10, usageCount: 10 }, RejectionReason.USAGE_LIMIT_REACHED],
    ['customer limit', { perCustomerLimit: 1, customerUsageCount: 1 }, RejectionReason.CUSTOMER_LIMIT_REACHED],
    ['budget', { budgetMinor: 5_000n, budgetUsedMinor: 5_000n }, RejectionReason.BUDGET_EXHAUSTED],
    ['minimum', { minimumOrderAmountMinor: 25_001n }, RejectionReason.MINIMUM_NOT_MET],
    ['no covered product', { productIds: ['other'] }, RejectionReason.NO_ELIGIBLE_ITEMS],
    ['excluded category', { excludedCategoryIds: ['shoes'] }, RejectionReason.NO_ELIGIBLE_ITEMS],
    ['other currency', { currency: 'EUR' }, RejectionReason.NO_ELIGIBLE_ITEMS],
  ];
  // A loop rather than it.each: jest hangs formatting tables that hold bigints.
  for (const [name, overrides, reason, cartOverrides] of cases) {
    it(`rejects when ${name}`, () => {
      const c = cart([line('l1', 'p1', 10_000, 2, ['shoes']), line('l2', 'p2', 5_000, 1, ['shoes'])], cartOverrides);
      const result = run([rule({ id: 'a', ...overrides })], c);
      expect(result.applied).toEqual([]);
      expect(result.rejected).toEqual([{ campaignId: 'a', reason }]);
    });
  }

  it('applies at the boundaries: minimum met exactly, start instant, limit not yet reached, matching segment', () => {
    const result = run(
      [
        rule({
          id: 'a',
          minimumOrderAmountMinor: 25_000n,
          startsAt: NOW,
          usageLimit: 10,
          usageCount: 9,
          perCustomerLimit: 2,
          customerUsageCount: 1,
          customerSegments: ['vip'],
        }),
      ],
      cart([line('l1', 'p1', 10_000, 2), line('l2', 'p2', 5_000, 1)], { segments: ['vip'] }),
    );
    expect(result.applied.map((a) => a.campaignId)).toEqual(['a']);
  });

  it('matches codes case-insensitively and reports unknown codes', () => {
    const result = run([rule({ id: 'a', requiresCode: true, codes: ['Summer10'] })], undefined, { codes: ['  sUMMER10 ', 'nope'] });
    expect(result.applied[0]!.code).toBe('summer10');
    expect(result.unknownCodes).toEqual(['nope']);
  });

  it('covers products by id or category, minus exclusions', () => {
    const c = cart([line('l1', 'p1', 1_000, 1, ['a']), line('l2', 'p2', 1_000, 1, ['b']), line('l3', 'p3', 1_000, 1, ['b'])]);
    const result = run([rule({ id: 'a', productIds: ['p1'], categoryIds: ['b'], excludedProductIds: ['p3'] })], c);
    expect(result.applied[0]!.lines.map((l) => l.lineId)).toEqual(['l1', 'l2']);
  });
});

describe('promotion engine: stacking', () => {
  it('two combinable small discounts beat one smaller exclusive', () => {
    const result = run([
      rule({ id: 'excl', exclusive: true, percentageBasisPoints: 1500 }), // 3750
      rule({ id: 'c1', percentageBasisPoints: 1000, priority: 2 }), // 2500
      rule({ id: 'c2', percentageBasisPoints: 1000, priority: 1 }), // 10% of 22500 = 2250
    ]);
    expect(result.applied.map((a) => a.campaignId)).toEqual(['c1', 'c2']);
    expect(result.applied.map((a) => a.amount.amountMinor)).toEqual([2_500n, 2_250n]);
    expect(result.totalDiscount.amountMinor).toBe(4_750n);
    expect(reasonOf(result, 'excl')).toBe(RejectionReason.NOT_COMBINABLE);
  });

  it('one exclusive beats combinables whose total is smaller', () => {
    const result = run([
      rule({ id: 'excl', exclusive: true, percentageBasisPoints: 3000 }),
      rule({ id: 'c1', percentageBasisPoints: 1000 }),
      rule({ id: 'c2', discountType: DiscountType.FREE_SHIPPING }),
    ]);
    expect(result.applied.map((a) => a.campaignId)).toEqual(['excl']);
    expect(result.totalDiscount.amountMinor).toBe(7_500n);
    expect(result.rejected).toEqual([
      { campaignId: 'c1', reason: RejectionReason.NOT_COMBINABLE },
      { campaignId: 'c2', reason: RejectionReason.NOT_COMBINABLE },
    ]);
  });

  it('breaks equal totals by priority, then id, whatever the input order', () => {
    const a = rule({ id: 'b-excl', exclusive: true, priority: 1 });
    const b = rule({ id: 'a-excl', exclusive: true, priority: 1 });
    const c = rule({ id: 'c-excl', exclusive: true, priority: 5 });
    expect(run([a, b]).applied[0]!.campaignId).toBe('a-excl');
    expect(run([b, a]).applied[0]!.campaignId).toBe('a-excl');
    expect(run([a, b, c]).applied[0]!.campaignId).toBe('c-excl');
  });

  it('never discounts more than the cart, even with many stacked fixed amounts', () => {
    const result = run(
      Array.from({ length: 5 }, (_, i) => rule({ id: `f${i}`, discountType: DiscountType.FIXED_AMOUNT, fixedAmountMinor: 9_999n })),
    );
    expect(result.totalDiscount.amountMinor).toBe(25_000n);
    expect(lineSum(result)).toBe(25_000n);
  });
});

describe('promotion engine: allocation', () => {
  it('allocations sum exactly to each discount, deterministically', () => {
    const c = cart([line('l1', 'p1', 333, 1), line('l2', 'p2', 333, 1), line('l3', 'p3', 334, 1)]);
    const campaigns = [
      rule({ id: 'a', discountType: DiscountType.FIXED_AMOUNT, fixedAmountMinor: 100n }),
      rule({ id: 'b', percentageBasisPoints: 333 }),
    ];
    const first = run(campaigns, c);
    for (const a of first.applied)
      expect(a.lines.reduce((s, l) => s + l.amount.amountMinor, 0n) + a.shippingAmount.amountMinor).toBe(a.amount.amountMinor);
    expect(first.applied[0]!.lines.map((l) => l.amount.amountMinor)).toEqual([33n, 33n, 34n]);
    expect(run(campaigns, c)).toEqual(first);
  });

  it('a capped discount keeps its exact sum across lines', () => {
    const c = cart([line('l1', 'p1', 1_001, 1), line('l2', 'p2', 2_003, 1), line('l3', 'p3', 7, 3)]);
    const result = run([rule({ id: 'a', percentageBasisPoints: 5000, maximumDiscountAmountMinor: 1_001n })], c);
    expect(result.totalDiscount.amountMinor).toBe(1_001n);
    expect(lineSum(result)).toBe(1_001n);
  });

  // Its speed is measured by `npm run bench` (promotion engine scenario), not asserted here.
  it('evaluates 50 lines × 200 campaigns, deciding every campaign', () => {
    const lines = Array.from({ length: 50 }, (_, i) => line(`l${i}`, `p${i}`, 1_000 + i * 37, 1 + (i % 4), [`cat${i % 5}`]));
    const types = [DiscountType.PERCENTAGE, DiscountType.FIXED_AMOUNT, DiscountType.BUY_X_GET_Y, DiscountType.FREE_SHIPPING];
    const campaigns = Array.from({ length: 200 }, (_, i) =>
      rule({
        id: `c${String(i).padStart(3, '0')}`,
        discountType: types[i % 4]!,
        fixedAmountMinor: 500n,
        buyQuantity: 2,
        getQuantity: 1,
        exclusive: i % 3 === 0,
        priority: i % 7,
        categoryIds: [`cat${i % 5}`],
      }),
    );
    const result = run(campaigns, cart(lines));
    expect(result.applied.length + result.rejected.length).toBe(200);
    expect(result.applied.length).toBeGreaterThan(0);
  });
});
