import type { EntityManager } from '@mikro-orm/postgresql';
import type { CurrencyCode } from '@shopgraph/money';
import type { CampaignRule } from '../domain/promotion-rules.js';
import { Campaign, CouponCode, Redemption, RedemptionStatus } from '../entities/index.js';

/** A campaign entity as the engine sees it, with the customer's usage and the entered codes that unlock it. */
export function toRule(c: Campaign, codes: readonly string[], customerUsageCount: number): CampaignRule {
  return {
    id: c.id,
    campaignType: c.campaignType,
    discountType: c.discountType,
    currency: c.currency as CurrencyCode,
    percentageBasisPoints: c.percentageBasisPoints ?? null,
    fixedAmountMinor: c.fixedAmountMinor ?? null,
    buyQuantity: c.buyQuantity ?? null,
    getQuantity: c.getQuantity ?? null,
    minimumOrderAmountMinor: c.minimumOrderAmountMinor ?? null,
    maximumDiscountAmountMinor: c.maximumDiscountAmountMinor ?? null,
    productIds: c.productIds,
    categoryIds: c.categoryIds,
    excludedProductIds: c.excludedProductIds,
    excludedCategoryIds: c.excludedCategoryIds,
    customerSegments: c.customerSegments,
    usageLimit: c.usageLimit ?? null,
    perCustomerLimit: c.perCustomerLimit ?? null,
    budgetMinor: c.budgetMinor ?? null,
    usageCount: c.usageCount,
    customerUsageCount,
    budgetUsedMinor: BigInt(c.budgetUsedMinor),
    startsAt: c.startsAt,
    endsAt: c.endsAt ?? null,
    active: c.active,
    requiresCode: c.requiresCode,
    codes,
    exclusive: c.exclusive,
    priority: c.priority,
  };
}

/** Usable coupon codes among those entered (lower-cased), grouped by campaign id. Spent single-use codes are left out. */
export async function usableCodes(em: EntityManager, entered: readonly string[]): Promise<Map<string, CouponCode[]>> {
  const wanted = [...new Set(entered.map((c) => c.trim().toLowerCase()).filter(Boolean))];
  const byCampaign = new Map<string, CouponCode[]>();
  if (wanted.length === 0) return byCampaign;
  const found = await em.find(CouponCode, { code: { $in: wanted } }, { orderBy: { code: 'asc' }, refresh: true });
  for (const code of found) {
    if (code.singleUse && code.usageCount > 0) continue;
    const list = byCampaign.get(code.campaign.id) ?? [];
    list.push(code);
    byCampaign.set(code.campaign.id, list);
  }
  return byCampaign;
}

/** Redemptions still counting per campaign for one customer. */
export async function customerUsage(em: EntityManager, customerId: string | null, campaignIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!customerId || campaignIds.length === 0) return counts;
  const rows = await em.find(Redemption, { customerId, status: RedemptionStatus.REDEEMED, campaign: { $in: [...campaignIds] } }, { fields: ['campaign'] });
  for (const r of rows) counts.set(r.campaign.id, (counts.get(r.campaign.id) ?? 0) + 1);
  return counts;
}

/** Engine rules of the given campaigns for a customer and the entered codes. */
export async function rulesOf(em: EntityManager, campaigns: readonly Campaign[], customerId: string | null, codes: Map<string, CouponCode[]>): Promise<CampaignRule[]> {
  const usage = await customerUsage(em, customerId, campaigns.map((c) => c.id));
  return campaigns.map((c) => toRule(c, (codes.get(c.id) ?? []).map((k) => k.code), usage.get(c.id) ?? 0));
}
