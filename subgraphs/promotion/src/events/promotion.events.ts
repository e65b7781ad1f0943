import { defineEvent } from '@shopgraph/events';

/** A campaign was redeemed for an order. */
export const PromotionApplied = defineEvent<{
  campaignId: string;
  orderId: string;
  customerId: string;
  discountAmountMinor: string;
  currency: string;
}>('promotion.applied', 1);
/** A campaign's usage counters changed (redeem or reverse); carries the counters after the change. */
export const PromotionUsageUpdated = defineEvent<{ campaignId: string; usageCount: number; budgetUsedMinor: string }>(
  'promotion.usage-updated',
  1,
);
/** Why a campaign can no longer be redeemed. */
export type CampaignCompletionReason = 'USAGE_LIMIT_REACHED' | 'BUDGET_EXHAUSTED';
/** A redemption made the campaign reach its usage limit or exhaust its budget. */
export const CampaignCompleted = defineEvent<{ campaignId: string; reason: CampaignCompletionReason }>('promotion.campaign-completed', 1);
