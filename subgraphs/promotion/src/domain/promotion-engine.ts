import { money } from '@shopgraph/money';
import { capDiscount, coversLine, type DiscountParts, lineFilter, rawDiscount, type Remainder, totalOf } from './discount.js';
import {
  type AppliedPromotion,
  type CampaignRule,
  CampaignType,
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

/** A campaign that passed every rule, ready to be priced. */
interface Candidate {
  rule: CampaignRule;
  code: string | null;
  covered: boolean[];
}

/** The campaign's reason to be rejected before any pricing, or the code that unlocked it. */
function admit(rule: CampaignRule, cart: PromotionCart, codes: ReadonlySet<string>, now: Date): RejectionReason | { code: string | null } {
  if (!rule.active) return RejectionReason.INACTIVE;
  if (now < rule.startsAt) return RejectionReason.NOT_STARTED;
  if (rule.endsAt && now >= rule.endsAt) return RejectionReason.EXPIRED;
  let code: string | null = null;
  if (rule.requiresCode) {
    code = rule.codes.map((c) => c.toLowerCase()).find((c) => codes.has(c)) ?? null;
    if (code === null) return RejectionReason.CODE_REQUIRED;
  }
  const segments = new Set(cart.segments);
  // A customer campaign, or one limited per customer, needs to know who the shopper is.
  if ((rule.campaignType === CampaignType.CUSTOMER || rule.perCustomerLimit !== null) && !cart.customerId) return RejectionReason.SEGMENT_NOT_ELIGIBLE;
  if (rule.customerSegments.length > 0 && !rule.customerSegments.some((s) => segments.has(s))) return RejectionReason.SEGMENT_NOT_ELIGIBLE;
  if (rule.usageLimit !== null && rule.usageCount >= rule.usageLimit) return RejectionReason.USAGE_LIMIT_REACHED;
  if (rule.perCustomerLimit !== null && rule.customerUsageCount >= rule.perCustomerLimit) return RejectionReason.CUSTOMER_LIMIT_REACHED;
  if (rule.budgetMinor !== null && rule.budgetUsedMinor >= rule.budgetMinor) return RejectionReason.BUDGET_EXHAUSTED;
  if (rule.currency !== cart.currency) return RejectionReason.NO_ELIGIBLE_ITEMS;
  const subtotal = cart.lines.reduce((s, l) => s + l.unitPrice.amountMinor * BigInt(l.quantity), 0n);
  if (rule.minimumOrderAmountMinor !== null && subtotal < rule.minimumOrderAmountMinor) return RejectionReason.MINIMUM_NOT_MET;
  return { code };
}

/** A campaign's discount on what is still payable, capped by its maximum and remaining budget. */
function price(c: Candidate, cart: PromotionCart, rest: Remainder): DiscountParts {
  let parts = rawDiscount(c.rule, cart, c.covered, rest);
  if (c.rule.maximumDiscountAmountMinor !== null) parts = capDiscount(parts, c.rule.maximumDiscountAmountMinor, cart);
  if (c.rule.budgetMinor !== null) parts = capDiscount(parts, c.rule.budgetMinor - c.rule.budgetUsedMinor, cart);
  return parts;
}

function applied(c: Candidate, parts: DiscountParts, cart: PromotionCart): AppliedPromotion {
  return {
    campaignId: c.rule.id,
    code: c.code,
    amount: money(totalOf(parts), cart.currency),
    lines: cart.lines.map((l, i) => ({ lineId: l.lineId, amount: money(parts.lines[i]!, cart.currency) })).filter((a) => a.amount.amountMinor > 0n),
    shippingAmount: money(parts.shipping, cart.currency),
  };
}

/** Higher priority first, then smaller id: the one deterministic order of campaigns. */
function byPriority(a: Candidate, b: Candidate): number {
  return b.rule.priority - a.rule.priority || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0);
}

/** One way to stack: its promotions and their total. */
interface Stack {
  applied: AppliedPromotion[];
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
  const full: Remainder = { lines: cart.lines.map((l) => l.unitPrice.amountMinor * BigInt(l.quantity)), shipping: cart.shippingAmount.amountMinor };
  const rejected: RejectedPromotion[] = [];
  const candidates: Candidate[] = [];
  const knownCodes = new Set<string>();

  for (const rule of input.campaigns) {
    for (const c of rule.codes) knownCodes.add(c.toLowerCase());
    const verdict = admit(rule, cart, codes, now);
    if (typeof verdict === 'string') {
      rejected.push({ campaignId: rule.id, reason: verdict });
      continue;
    }
    const filter = lineFilter(rule);
    const candidate = { rule, code: verdict.code, covered: cart.lines.map((l) => coversLine(filter, l)) };
    if (totalOf(price(candidate, cart, full)) <= 0n) rejected.push({ campaignId: rule.id, reason: RejectionReason.NO_ELIGIBLE_ITEMS });
    else candidates.push(candidate);
  }
  candidates.sort(byPriority);

  const stacks: Stack[] = candidates
    .filter((c) => c.rule.exclusive)
    .map((c) => {
      const a = applied(c, price(c, cart, full), cart);
      return { applied: [a], total: a.amount.amountMinor, lead: c };
    });
  const combinable = candidates.filter((c) => !c.rule.exclusive);
  if (combinable.length > 0) stacks.push(greedyStack(combinable, cart, full));

  stacks.sort((a, b) => (a.total === b.total ? byPriority(a.lead, b.lead) : a.total > b.total ? -1 : 1));
  const best = stacks[0];
  const chosen = new Set(best?.applied.map((a) => a.campaignId));
  for (const c of candidates) if (!chosen.has(c.rule.id)) rejected.push({ campaignId: c.rule.id, reason: RejectionReason.NOT_COMBINABLE });

  return {
    applied: best?.applied ?? [],
    rejected,
    totalDiscount: money(best?.total ?? 0n, cart.currency),
    unknownCodes: [...codes].filter((c) => !knownCodes.has(c)).sort(),
  };
}

/** Applies combinable campaigns in priority order, each on the remainder of the previous ones. */
function greedyStack(combinable: readonly Candidate[], cart: PromotionCart, full: Remainder): Stack {
  const rest: Remainder = { lines: [...full.lines], shipping: full.shipping };
  const result: AppliedPromotion[] = [];
  let total = 0n;
  for (const c of combinable) {
    const parts = price(c, cart, rest);
    const amount = totalOf(parts);
    if (amount <= 0n) continue;
    parts.lines.forEach((p, i) => (rest.lines[i] = rest.lines[i]! - p));
    rest.shipping -= parts.shipping;
    total += amount;
    result.push(applied(c, parts, cart));
  }
  return { applied: result, total, lead: combinable[0]! };
}
