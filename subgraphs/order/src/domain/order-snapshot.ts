import type { CheckoutAddress } from './checkout-state.js';

/** Where a discount of an order comes from (the preview's `CheckoutDiscountKind`). */
export type OrderDiscountKind = 'PROMOTION' | 'TIER_BENEFIT' | 'LOYALTY';

/** One discount of an order as the confirmation priced it; amounts are minor units as strings (JSON). */
export interface OrderDiscountRecord {
  kind: OrderDiscountKind;
  promotionId: string | null;
  code: string | null;
  points: number | null;
  amountMinor: string;
}

/** One line of an order as the confirmation priced it. */
export interface SnapshotLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPriceMinor: string;
  lineTotalMinor: string;
  discountMinor: string;
  loyaltyDiscountMinor: string;
}

/** The card the order is paid with: the provider's token (kept server-side) and display details. */
export interface SnapshotPayment {
  token: string;
  brand: string;
  last4: string;
  savedPaymentMethodId: string | null;
}

/**
 * A checkout frozen at confirmation: every figure the order, the payment and the redemptions use,
 * computed once through the preview's totals path. Serializable as JSON (saga state).
 */
export interface OrderSnapshot {
  currency: string;
  ownerKey: string;
  customerId: string | null;
  cartId: string;
  reservationId: string;
  email: string;
  lines: SnapshotLine[];
  subtotalMinor: string;
  discountMinor: string;
  loyaltyDiscountMinor: string;
  shippingMinor: string;
  shippingDiscountMinor: string;
  taxMinor: string;
  exclusiveTaxMinor: string;
  totalMinor: string;
  shippingAddress: CheckoutAddress;
  billingAddress: CheckoutAddress;
  shippingMethod: { code: string; name: string };
  discounts: OrderDiscountRecord[];
  pointsUsed: number;
  /** Customer segments, for the promotion engine's redemption. */
  segments: string[];
  /** The cart exactly as the promotion engine evaluated it for the preview: redeemed the same way. */
  promotionCart: {
    lines: { lineId: string; productId: string; categoryIds: string[]; quantity: number; unitPriceMinor: string }[];
    shippingAmountMinor: string;
    codes: string[];
  };
  payment: SnapshotPayment;
  notes: string | null;
  /** Codes the shopper entered that no promotion applies with now (a use limit or budget reached meanwhile). */
  unappliedCodes: string[];
}

/** A promotion an order redeems, as the preview and the redemption both state it. */
export interface RedeemedPromotion {
  promotionId: string;
  amountMinor: string;
}

/**
 * Whether the promotion engine redeemed exactly what the preview priced: the same promotions for
 * the same amounts. Anything else (a coupon's last use taken meanwhile, a budget spent) means the
 * order would not cost what the shopper agreed to.
 */
export function sameRedemption(expected: readonly RedeemedPromotion[], redeemed: readonly RedeemedPromotion[]): boolean {
  const key = (list: readonly RedeemedPromotion[]) =>
    list
      .map((p) => `${p.promotionId}=${BigInt(p.amountMinor)}`)
      .sort()
      .join(',');
  return key(expected) === key(redeemed);
}

/**
 * Base loyalty points an order earns (before the tier multiplier): one point per `minorPerPoint`
 * of merchandise paid after discounts, shipping and tax excluded. Points exist in the shop's base
 * currency only, so orders in other currencies earn none.
 */
export function earnedBasePoints(snapshot: Pick<OrderSnapshot, 'currency' | 'lines'>, baseCurrency: string, minorPerPoint: number): number {
  if (snapshot.currency !== baseCurrency || minorPerPoint <= 0) return 0;
  const paid = snapshot.lines.reduce((n, l) => n + BigInt(l.lineTotalMinor) - BigInt(l.discountMinor) - BigInt(l.loyaltyDiscountMinor), 0n);
  return paid > 0n ? Number(paid / BigInt(minorPerPoint)) : 0;
}

/** What a checkout still lacks before it can be confirmed, as field problems; empty when complete. */
export function confirmationProblems(choices: {
  shippingAddress: CheckoutAddress | null | undefined;
  shippingMethodCode: string | null | undefined;
  hasPayment: boolean;
  email: string | null | undefined;
}): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!choices.shippingAddress) problems.push({ field: 'shippingAddress', message: 'Set a shipping address before confirming' });
  if (!choices.shippingMethodCode) problems.push({ field: 'shippingMethodCode', message: 'Choose a shipping method before confirming' });
  if (!choices.hasPayment) problems.push({ field: 'payment', message: 'Choose a payment method before confirming' });
  if (!choices.email)
    problems.push({ field: 'email', message: 'Give a contact email before confirming, so the confirmation can reach you' });
  return problems;
}
