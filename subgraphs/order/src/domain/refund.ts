/**
 * What giving money back does to promotions and loyalty: the one rule, written down here.
 *
 * - Cancelling an order (before its first shipment) gives the coupon and promotion usage back and
 *   reverses the loyalty points it earned and spent: the order never happened for the shopper.
 * - A refund (partial or whole, of lines or of an amount) keeps the usage: the promotion was used on
 *   an order that was delivered, and a refund is a settlement of money, not an undo.
 * - Restocking is asked per call (`restock`), never implied by the money.
 */
export interface ReversalRule {
  /** Give promotion usage (coupon uses, per-customer counts) back. */
  giveUsageBack: boolean;
  /** Reverse the loyalty points the order earned and redeemed. */
  reverseLoyalty: boolean;
}

/** Why money goes back to the shopper. */
export type MoneyBackKind = 'CANCEL' | 'REFUND';

/** The rule for `kind`. */
export function reversalRule(kind: MoneyBackKind): ReversalRule {
  return kind === 'CANCEL' ? { giveUsageBack: true, reverseLoyalty: true } : { giveUsageBack: false, reverseLoyalty: false };
}

/** An order line as a refund by lines prices it. */
export interface RefundableLine {
  id: string;
  quantity: number;
  lineTotalMinor: bigint;
  discountMinor: bigint;
  loyaltyDiscountMinor: bigint;
}

/**
 * What refunding `requested` units gives back: each line's paid price (line total less its
 * promotion and loyalty discounts) per unit, plus its share of the tax added on top; shipping is
 * not refunded by lines. Rounded down, so the sum over all units never exceeds what was paid.
 */
export function refundOfLines(
  lines: readonly RefundableLine[],
  exclusiveTaxMinor: bigint,
  requested: readonly { orderItemId: string; quantity: number }[],
): bigint {
  const paid = (l: RefundableLine) => l.lineTotalMinor - l.discountMinor - l.loyaltyDiscountMinor;
  const allPaid = lines.reduce((n, l) => n + paid(l), 0n);
  let net = 0n;
  for (const r of requested) {
    const line = lines.find((l) => l.id === r.orderItemId)!;
    net += (paid(line) * BigInt(r.quantity)) / BigInt(line.quantity);
  }
  const tax = allPaid > 0n ? (exclusiveTaxMinor * net) / allPaid : 0n;
  return net + tax;
}

/** Why refunding these units is refused, or null: known lines, at least one unit, never more than ordered. */
export function refundLinesRefusal(
  lines: readonly { id: string; quantity: number }[],
  requested: readonly { orderItemId: string; quantity: number }[],
): { index: number; reason: string } | null {
  if (requested.length === 0) return { index: 0, reason: 'A refund by lines needs at least one line' };
  const asked = new Map<string, number>();
  for (const [index, r] of requested.entries()) {
    const line = lines.find((l) => l.id === r.orderItemId);
    if (!line) return { index, reason: 'No such line in this order' };
    if (!Number.isInteger(r.quantity) || r.quantity < 1) return { index, reason: 'quantity must be a positive integer' };
    const total = (asked.get(r.orderItemId) ?? 0) + r.quantity;
    asked.set(r.orderItemId, total);
    if (total > line.quantity) return { index, reason: `Only ${line.quantity} units of this line were ordered` };
  }
  return null;
}
