import { money } from '@shopgraph/money';
import { type CampaignRule, CampaignType, DiscountType, evaluatePromotions } from '@shopgraph/promotion/engine';
import { type BenchResult, summarise } from './harness.js';

const TYPES = [DiscountType.PERCENTAGE, DiscountType.FIXED_AMOUNT, DiscountType.BUY_X_GET_Y, DiscountType.FREE_SHIPPING];

function campaign(i: number): CampaignRule {
  return {
    id: `c${String(i).padStart(3, '0')}`,
    campaignType: i % 5 === 0 ? CampaignType.CATALOG : CampaignType.CART,
    discountType: TYPES[i % TYPES.length]!,
    currency: 'USD',
    percentageBasisPoints: 500 + (i % 10) * 100,
    fixedAmountMinor: 500n,
    buyQuantity: 2,
    getQuantity: 1,
    minimumOrderAmountMinor: i % 4 === 0 ? 20_000n : null,
    maximumDiscountAmountMinor: i % 6 === 0 ? 5_000n : null,
    productIds: [],
    categoryIds: [`cat${i % 5}`],
    excludedProductIds: i % 9 === 0 ? ['p3'] : [],
    excludedCategoryIds: [],
    customerSegments: [],
    usageLimit: null,
    perCustomerLimit: null,
    budgetMinor: null,
    usageCount: 0,
    customerUsageCount: 0,
    budgetUsedMinor: 0n,
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: null,
    active: true,
    requiresCode: false,
    codes: [],
    exclusive: i % 3 === 0,
    priority: i % 7,
  };
}

/** Issue 6: evaluating a 50-line cart against 200 active campaigns, in process, `iterations` times. */
export function promotionEngine(iterations = 2000): BenchResult {
  const campaigns = Array.from({ length: 200 }, (_, i) => campaign(i));
  const cart = {
    lines: Array.from({ length: 50 }, (_, i) => ({
      lineId: `l${i}`,
      productId: `p${i}`,
      categoryIds: [`cat${i % 5}`],
      quantity: 1 + (i % 4),
      unitPrice: money(1_000 + i * 37, 'USD'),
    })),
    customerId: 'c1',
    segments: [],
    currency: 'USD' as const,
    shippingAmount: money(500, 'USD'),
  };
  const now = new Date('2026-06-01T12:00:00Z');
  for (let i = 0; i < 50; i++) evaluatePromotions({ cart, codes: [], now, campaigns });
  const samples: number[] = [];
  const began = performance.now();
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    evaluatePromotions({ cart, codes: [], now, campaigns });
    samples.push(performance.now() - started);
  }
  return summarise('promotion engine: 50 lines × 200 campaigns (in process)', 1, samples, (performance.now() - began) / 1000, 0);
}
