import { money } from '@shopgraph/money';
import { type CampaignRule, CampaignType, type CartLine, DiscountType, type PromotionCart } from '../../src/domain/promotion-rules.js';

/** A running, combinable 10% cart campaign with no limits; override what the test is about. */
export function rule(overrides: Partial<CampaignRule> & { id: string }): CampaignRule {
  return {
    campaignType: CampaignType.CART,
    discountType: DiscountType.PERCENTAGE,
    currency: 'USD',
    percentageBasisPoints: 1000,
    fixedAmountMinor: null,
    buyQuantity: null,
    getQuantity: null,
    minimumOrderAmountMinor: null,
    maximumDiscountAmountMinor: null,
    productIds: [],
    categoryIds: [],
    excludedProductIds: [],
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
    exclusive: false,
    priority: 0,
    ...overrides,
  };
}

/** A USD cart line. */
export function line(lineId: string, productId: string, unitMinor: number, quantity = 1, categoryIds: string[] = []): CartLine {
  return { lineId, productId, categoryIds, quantity, unitPrice: money(unitMinor, 'USD') };
}

/** A USD cart of a signed-in customer with $5 shipping. */
export function cart(lines: CartLine[], overrides: Partial<PromotionCart> = {}): PromotionCart {
  return { lines, customerId: 'c1', segments: [], currency: 'USD', shippingAmount: money(500, 'USD'), ...overrides };
}

/** Noon on 2026-06-01 UTC. */
export const NOW = new Date('2026-06-01T12:00:00Z');
