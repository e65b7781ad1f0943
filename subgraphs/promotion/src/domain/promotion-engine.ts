import { money } from '@shopgraph/money';
import { capDiscount, coversLine, type DiscountParts, lineFilter, rawDiscount, type Remainder, totalOf } from './discount.js';
import {
  type AppliedPromotion,
  type CampaignRule,
  CampaignType,
  type LineAllocation,
  type PromotionCart,
  type PromotionResult,
  RejectionReason,
  type RejectedPromotion,
} from './promotion-rules.js';

/** What the engine is asked. */
export interface EvaluationInput {
  cart: PromotionCart;
  /** Codes the shopper entered, any case. */
  codes: readonly string[];
  now: Date;
  campaigns: readonly CampaignRule[];
}

/** A campaign that passed every rule, with its discount on the full cart. */
interface Candidate {
  rule: CampaignRule;
  code: string | null;
  covered: boolean[];
  alone: DiscountParts;
}

/** What every campaign is checked against, computed once per evaluation. */
interface Shopper {
  cart: PromotionCart;
  codes: ReadonlySet<string>;
  segments: ReadonlySet<string>;
  subtotal: bigint;
  now: Date;
}

/** The campaign's reason to be rejected before any pricing, or the code that unlocked it. */
function admit(rule: CampaignRule, { cart, codes, segments, subtotal, now }: Shopper): RejectionReason | { code: string | null } {
  if (!rule.active) return RejectionReason.INACTIVE;
  if (now < rule.startsAt) return RejectionReason.NOT_STARTED;
  if (rule.endsAt && now >= rule.endsAt) return RejectionReason.EXPIRED;
  let code: string | null = null;
  if (rule.requiresCode) {
    code = rule.codes.map((c) => c.toLowerCase()).find((c) => codes.has(c)) ?? null;
    if (code === null) return RejectionReason.CODE_REQUIRED;
  }
  // A customer campaign, or one limited per customer, needs to know who the shopper is.
  if ((rule.campaignType === CampaignType.CUSTOMER || rule.perCustomerLimit !== null) && !cart.customerId)
    return RejectionReason.SEGMENT_NOT_ELIGIBLE;
  if (rule.customerSegments.length > 0 && !rule.customerSegments.some((s) => segments.has(s))) return RejectionReason.SEGMENT_NOT_ELIGIBLE;
  if (rule.usageLimit !== null && rule.usageCount >= rule.usageLimit) return RejectionReason.USAGE_LIMIT_REACHED;
  if (rule.perCustomerLimit !== null && rule.customerUsageCount >= rule.perCustomerLimit) return RejectionReason.CUSTOMER_LIMIT_REACHED;
  if (rule.budgetMinor !== null && rule.budgetUsedMinor >= rule.budgetMinor) return RejectionReason.BUDGET_EXHAUSTED;
  if (rule.currency !== cart.currency) return RejectionReason.NO_ELIGIBLE_ITEMS;
  if (rule.minimumOrderAmountMinor !== null && subtotal < rule.minimumOrderAmountMinor) return RejectionReason.MINIMUM_NOT_MET;
  return { code };
}

/** A campaign's discount on what is still payable, capped by its maximum and remaining budget. */
function price(rule: CampaignRule, cart: PromotionCart, covered: readonly boolean[], rest: Remainder): DiscountParts {
  let parts = rawDiscount(rule, cart, covered, rest);
  if (rule.maximumDiscountAmountMinor !== null) parts = capDiscount(parts, rule.maximumDiscountAmountMinor, cart);
  if (rule.budgetMinor !== null) parts = capDiscount(parts, rule.budgetMinor - rule.budgetUsedMinor, cart);
  return parts;
}

function applied({ c, parts }: StackEntry, cart: PromotionCart): AppliedPromotion {
  const lines: LineAllocation[] = [];
  cart.lines.forEach((l, i) => {
    if (parts.lines[i]! > 0n) lines.push({ lineId: l.lineId, amount: money(parts.lines[i]!, cart.currency) });
  });
  return {
    campaignId: c.rule.id,
    code: c.code,
    amount: money(totalOf(parts), cart.currency),
    lines,
    shippingAmount: money(parts.shipping, cart.currency),
  };
}

/** Higher priority first, then smaller id: the one deterministic order of campaigns. */
function byPriority(a: Candidate, b: Candidate): number {
  return b.rule.priority - a.rule.priority || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0);
}

/** A campaign in a stack with its discount there. */
interface StackEntry {
  c: Candidate;
  parts: DiscountParts;
}

/** One way to stack: its campaigns and their total. */
interface Stack {
  entries: StackEntry[];
  total: bigint;
  lead: Candidate;
}

/**
 * Evaluates campaigns against a cart and picks the best stack.
 *
 * Stacking rule: the options are each applicable exclusive campaign alone, and the set of all
 * applicable combinable campaigns applied greedily in priority order (higher first, then id),
 * each on what the previous ones left. The option with the largest total discount wins; equal
 * totals go to the option whose leading campaign comes first in priority order. Trying every
 * subset of combinables would be exponential; since each applies to the remainder and never
 * increases the payable amount, greedy-by-priority is the documented, linear-time choice.
 * Everything that applies but is not in the winning option is rejected as NOT_COMBINABLE.
 */
export function evaluatePromotions(input: EvaluationInput): PromotionResult {
  const { cart, now } = input;
  const codes = new Set(input.codes.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0));
  const full: Remainder = {
    lines: cart.lines.map((l) => l.unitPrice.amountMinor * BigInt(l.quantity)),
    shipping: cart.shippingAmount.amountMinor,
  };
  const shopper: Shopper = { cart, codes, now, segments: new Set(cart.segments), subtotal: full.lines.reduce((a, b) => a + b, 0n) };
  const rejected: RejectedPromotion[] = [];
  const candidates: Candidate[] = [];
  const knownCodes = new Set<string>();

  for (const rule of input.campaigns) {
    for (const c of rule.codes) knownCodes.add(c.toLowerCase());
    const verdict = admit(rule, shopper);
    if (typeof verdict === 'string') {
      rejected.push({ campaignId: rule.id, reason: verdict });
      continue;
    }
    const filter = lineFilter(rule);
    const covered = cart.lines.map((l) => coversLine(filter, l));
    const alone = price(rule, cart, covered, full);
    if (totalOf(alone) <= 0n) rejected.push({ campaignId: rule.id, reason: RejectionReason.NO_ELIGIBLE_ITEMS });
    else candidates.push({ rule, code: verdict.code, covered, alone });
  }
  candidates.sort(byPriority);

  const stacks: Stack[] = candidates
    .filter((c) => c.rule.exclusive)
    .map((c) => ({ entries: [{ c, parts: c.alone }], total: totalOf(c.alone), lead: c }));
  const combinable = candidates.filter((c) => !c.rule.exclusive);
  if (combinable.length > 0) stacks.push(greedyStack(combinable, cart, full));

  stacks.sort((a, b) => (a.total === b.total ? byPriority(a.lead, b.lead) : a.total > b.total ? -1 : 1));
  const best = stacks[0];
  const chosen = new Set(best?.entries.map((e) => e.c.rule.id));
  for (const c of candidates) if (!chosen.has(c.rule.id)) rejected.push({ campaignId: c.rule.id, reason: RejectionReason.NOT_COMBINABLE });

  return {
    applied: (best?.entries ?? []).map((e) => applied(e, cart)),
    rejected,
    totalDiscount: money(best?.total ?? 0n, cart.currency),
    unknownCodes: [...codes].filter((c) => !knownCodes.has(c)).sort(),
  };
}

/** Applies combinable campaigns in priority order, each on the remainder of the previous ones. */
function greedyStack(combinable: readonly Candidate[], cart: PromotionCart, full: Remainder): Stack {
  const rest: Remainder = { lines: [...full.lines], shipping: full.shipping };
  const entries: StackEntry[] = [];
  let total = 0n;
  for (const [i, c] of combinable.entries()) {
    // The first one sees the full cart, so its discount alone is already known.
    const parts = i === 0 ? c.alone : price(c.rule, cart, c.covered, rest);
    const amount = totalOf(parts);
    if (amount <= 0n) continue;
    parts.lines.forEach((p, i) => (rest.lines[i] = rest.lines[i]! - p));
    rest.shipping -= parts.shipping;
    total += amount;
    entries.push({ c, parts });
  }
  return { entries, total, lead: combinable[0]! };
}
