import type { EntityManager } from '@mikro-orm/postgresql';
import type { CurrencyCode } from '@shopgraph/money';
import type { CampaignRule } from '../domain/promotion-rules.js';
import { CouponCode } from '../entities/index.js';

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

/**
 * Every active campaign as an engine rule, with the customer's usage and the entered codes that
 * unlock it, read in one statement (the preview runs on every checkout update, so no entities are
 * built). Codes are matched lower-cased and trimmed; spent single-use codes unlock nothing. Runs on
 * the EntityManager's connection, so inside a transaction it reads what that transaction sees.
 */
export async function activeRules(em: EntityManager, customerId: string | null, entered: readonly string[]): Promise<CampaignRule[]> {
  const wanted = [...new Set(entered.map((c) => c.trim().toLowerCase()).filter(Boolean))];
  const [row] = await em.execute<{ rules: RuleRow[] }[]>(ACTIVE_RULES, [customerId, JSON.stringify(wanted)]);
  return (row?.rules ?? []).map((r) => ({
    ...r,
    currency: r.currency as CurrencyCode,
    fixedAmountMinor: bigintOrNull(r.fixedAmountMinor),
    minimumOrderAmountMinor: bigintOrNull(r.minimumOrderAmountMinor),
    maximumDiscountAmountMinor: bigintOrNull(r.maximumDiscountAmountMinor),
    budgetMinor: bigintOrNull(r.budgetMinor),
    budgetUsedMinor: BigInt(r.budgetUsedMinor),
    customerUsageCount: Number(r.customerUsageCount),
    startsAt: new Date(r.startsAt),
    endsAt: r.endsAt === null ? null : new Date(r.endsAt),
  }));
}

const bigintOrNull = (v: string | null): bigint | null => (v === null ? null : BigInt(v));

type RuleRow = Omit<
  CampaignRule,
  | 'currency'
  | 'fixedAmountMinor'
  | 'minimumOrderAmountMinor'
  | 'maximumDiscountAmountMinor'
  | 'budgetMinor'
  | 'budgetUsedMinor'
  | 'customerUsageCount'
  | 'startsAt'
  | 'endsAt'
> & {
  currency: string;
  fixedAmountMinor: string | null;
  minimumOrderAmountMinor: string | null;
  maximumDiscountAmountMinor: string | null;
  budgetMinor: string | null;
  budgetUsedMinor: string;
  customerUsageCount: string | number;
  startsAt: string;
  endsAt: string | null;
};

// Money columns travel as text: JSON numbers would lose bigint precision.
const ACTIVE_RULES = `select coalesce(json_agg(json_build_object(
    'id', c.id, 'campaignType', c.campaign_type, 'discountType', c.discount_type, 'currency', c.currency,
    'percentageBasisPoints', c.percentage_basis_points, 'fixedAmountMinor', c.fixed_amount_minor::text,
    'buyQuantity', c.buy_quantity, 'getQuantity', c.get_quantity,
    'minimumOrderAmountMinor', c.minimum_order_amount_minor::text, 'maximumDiscountAmountMinor', c.maximum_discount_amount_minor::text,
    'productIds', c.product_ids, 'categoryIds', c.category_ids, 'excludedProductIds', c.excluded_product_ids,
    'excludedCategoryIds', c.excluded_category_ids, 'customerSegments', c.customer_segments,
    'usageLimit', c.usage_limit, 'perCustomerLimit', c.per_customer_limit, 'budgetMinor', c.budget_minor::text,
    'usageCount', c.usage_count, 'budgetUsedMinor', c.budget_used_minor::text,
    'customerUsageCount', (select count(*) from promotion.redemption r
                            where r.campaign_id = c.id and r.customer_id = ?::text and r.status = 'REDEEMED'),
    'startsAt', c.starts_at, 'endsAt', c.ends_at, 'active', c.active, 'requiresCode', c.requires_code,
    'codes', coalesce((select json_agg(k.code order by k.code) from promotion.coupon_code k
                        where k.campaign_id = c.id and k.code in (select jsonb_array_elements_text(?::jsonb))
                          and not (k.single_use and k.usage_count > 0)), '[]'::json),
    'exclusive', c.exclusive, 'priority', c.priority)
    order by c.id), '[]'::json) as rules
  from promotion.campaign c where c.active`;
