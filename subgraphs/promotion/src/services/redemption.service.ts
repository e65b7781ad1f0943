import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '@shopgraph/events';
import { evaluatePromotions } from '../domain/promotion-engine.js';
import type { PromotionCart, PromotionResult } from '../domain/promotion-rules.js';
import { Campaign, CouponCode, Redemption, RedemptionStatus } from '../entities/index.js';
import { CampaignCompleted, type CampaignCompletionReason, PromotionApplied, PromotionUsageUpdated } from '../events/promotion.events.js';
import { activeRules, usableCodes } from './campaign-rules.js';

/** A cart and the codes the shopper entered. */
export interface EvaluateInput {
  cart: PromotionCart;
  codes: readonly string[];
}

/** What an order redeems. */
export interface RedeemInput extends EvaluateInput {
  orderId: string;
  customerId: string;
}

/** The outcome of a redemption: what the order got, as stored in the ledger. */
export interface RedeemResult {
  redemptions: Redemption[];
  /** The evaluation the redemptions came from; null when the order had already redeemed. */
  evaluation: PromotionResult | null;
}

/** Evaluates every active campaign against a cart, without changing anything (preview). */
export async function evaluateCart(em: EntityManager, input: EvaluateInput, now = new Date()): Promise<PromotionResult> {
  return evaluatePromotions({
    cart: input.cart,
    codes: input.codes,
    now,
    campaigns: await activeRules(em, input.cart.customerId, input.codes),
  });
}

/**
 * Redeems the best promotions for an order, once per order. Concurrency: the chosen campaigns
 * are locked FOR UPDATE in id order (no deadlocks between orders), then evaluated again on their
 * locked counters, so usage limits, per-customer limits and budgets are never exceeded.
 */
export async function redeemPromotions(em: EntityManager, input: RedeemInput, now = new Date()): Promise<RedeemResult> {
  const cart = { ...input.cart, customerId: input.customerId };
  return em.transactional(async (tx) => {
    const existing = await tx.find(Redemption, { orderId: input.orderId, status: RedemptionStatus.REDEEMED });
    if (existing.length > 0) return { redemptions: existing, evaluation: null };
    const preview = await evaluateCart(tx, { cart, codes: input.codes }, now);
    // An unknown code fails the whole redemption, so a mistyped code never goes unnoticed.
    if (preview.unknownCodes.length > 0) return { redemptions: [], evaluation: preview };
    const wanted = preview.applied.map((a) => a.campaignId).sort();
    if (wanted.length === 0) return { redemptions: [], evaluation: preview };
    const locked = await tx.find(
      Campaign,
      { id: { $in: wanted } },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    // Same order redeemed concurrently: the first holder of the locks wins, this one sees its rows.
    const again = await tx.find(Redemption, { orderId: input.orderId, status: RedemptionStatus.REDEEMED });
    if (again.length > 0) return { redemptions: again, evaluation: null };
    // A code belongs to one campaign, so the campaign lock also serializes its code's counter.
    const codes = await usableCodes(tx, input.codes);
    const lockedCodes = [...codes.values()].flat();
    // Read after the locks are held, so the rules carry the counters as the last holder committed them.
    const lockedIds = new Set(locked.map((c) => c.id));
    const rules = (await activeRules(tx, cart.customerId, input.codes)).filter((r) => lockedIds.has(r.id));
    const evaluation = evaluatePromotions({ cart, codes: input.codes, now, campaigns: rules });
    const previous = new Map((await tx.find(Redemption, { orderId: input.orderId })).map((r) => [r.campaign.id, r]));
    const redemptions = evaluation.applied.map((a) => {
      const campaign = locked.find((c) => c.id === a.campaignId)!;
      campaign.usageCount += 1;
      campaign.budgetUsedMinor = BigInt(campaign.budgetUsedMinor) + a.amount.amountMinor;
      const code = a.code ? lockedCodes.find((c) => c.code === a.code) : undefined;
      if (code) code.usageCount += 1;
      const row =
        previous.get(campaign.id) ??
        tx.create(Redemption, { campaign, orderId: input.orderId, customerId: input.customerId, amountMinor: a.amount.amountMinor });
      return Object.assign(row, {
        status: RedemptionStatus.REDEEMED,
        amountMinor: a.amount.amountMinor,
        code: a.code ?? undefined,
        customerId: input.customerId,
      });
    });
    await tx.flush();
    for (const r of redemptions) {
      const campaign = locked.find((c) => c.id === r.campaign.id)!;
      await recordEvent(tx, PromotionApplied, {
        aggregateId: campaign.id,
        payload: {
          campaignId: campaign.id,
          orderId: input.orderId,
          customerId: input.customerId,
          discountAmountMinor: String(r.amountMinor),
          currency: campaign.currency,
        },
      });
      await recordUsage(tx, campaign);
      const reason = completionReason(campaign);
      if (reason) await recordEvent(tx, CampaignCompleted, { aggregateId: campaign.id, payload: { campaignId: campaign.id, reason } });
    }
    return { redemptions, evaluation };
  });
}

/** Reverses an order's redemptions and gives their usage and budget back; repeating it changes nothing. */
export async function reversePromotions(em: EntityManager, orderId: string): Promise<Redemption[]> {
  return em.transactional(async (tx) => {
    const rows = await tx.find(Redemption, { orderId, status: RedemptionStatus.REDEEMED }, { orderBy: { id: 'asc' } });
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.campaign.id))].sort();
    const locked = await tx.find(
      Campaign,
      { id: { $in: ids } },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    const current = await tx.find(Redemption, { orderId, status: RedemptionStatus.REDEEMED }, { orderBy: { id: 'asc' }, refresh: true });
    const codes = await tx.find(
      CouponCode,
      { code: { $in: current.map((r) => r.code).filter((c): c is string => !!c) } },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const r of current) {
      const campaign = locked.find((c) => c.id === r.campaign.id)!;
      campaign.usageCount -= 1;
      campaign.budgetUsedMinor = BigInt(campaign.budgetUsedMinor) - BigInt(r.amountMinor);
      const code = codes.find((c) => c.code === r.code);
      if (code) code.usageCount -= 1;
      r.status = RedemptionStatus.REVERSED;
    }
    await tx.flush();
    for (const campaign of locked) await recordUsage(tx, campaign);
    return current;
  });
}

/** Records a campaign's usage counters after a change, in the change's transaction. */
function recordUsage(tx: EntityManager, campaign: Campaign) {
  return recordEvent(tx, PromotionUsageUpdated, {
    aggregateId: campaign.id,
    payload: { campaignId: campaign.id, usageCount: campaign.usageCount, budgetUsedMinor: String(campaign.budgetUsedMinor) },
  });
}

/** Why a campaign just redeemed can take no more redemptions, if it cannot. */
export function completionReason(campaign: Campaign): CampaignCompletionReason | null {
  if (campaign.usageLimit != null && campaign.usageCount >= campaign.usageLimit) return 'USAGE_LIMIT_REACHED';
  if (campaign.budgetMinor != null && BigInt(campaign.budgetUsedMinor) >= BigInt(campaign.budgetMinor)) return 'BUDGET_EXHAUSTED';
  return null;
}
