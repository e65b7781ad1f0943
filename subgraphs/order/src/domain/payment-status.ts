import type { PaymentAmounts } from './payment-ledger.js';

/** The order's payment status, derived from its payments' ledgers (Shopify's set plus ACTION_REQUIRED). */
export enum OrderPaymentStatus {
  NOT_PAID = 'NOT_PAID',
  ACTION_REQUIRED = 'ACTION_REQUIRED',
  AUTHORIZED = 'AUTHORIZED',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
  VOIDED = 'VOIDED',
  EXPIRED = 'EXPIRED',
}

/** What one payment's ledger folds to, and whether its authorization expired uncaptured. */
export type PaymentFacts = Pick<PaymentAmounts, 'authorized' | 'charged' | 'refunded' | 'canceled' | 'status'> & {
  expired?: boolean;
};

/** Money of an order summed over its payments, in minor units. */
export interface OrderMoney {
  authorized: bigint;
  captured: bigint;
  refunded: bigint;
  voided: bigint;
}

/** Sums the folded amounts of an order's payments. */
export function orderMoney(payments: readonly PaymentFacts[]): OrderMoney {
  return payments.reduce<OrderMoney>(
    (t, p) => ({
      authorized: t.authorized + p.authorized,
      captured: t.captured + p.charged,
      refunded: t.refunded + p.refunded,
      voided: t.voided + p.canceled,
    }),
    { authorized: 0n, captured: 0n, refunded: 0n, voided: 0n },
  );
}

/**
 * Derives the order's payment status from its payments against its total: refunds first, then
 * captures, then what is still authorized, then voided or expired authorizations.
 */
export function paymentStatusOf(payments: readonly PaymentFacts[], totalMinor: bigint): OrderPaymentStatus {
  const m = orderMoney(payments);
  if (m.refunded > 0n) return m.refunded >= m.captured ? OrderPaymentStatus.REFUNDED : OrderPaymentStatus.PARTIALLY_REFUNDED;
  if (m.captured > 0n) return m.captured >= totalMinor ? OrderPaymentStatus.PAID : OrderPaymentStatus.PARTIALLY_PAID;
  if (m.authorized > 0n) return OrderPaymentStatus.AUTHORIZED;
  if (payments.some((p) => p.expired)) return OrderPaymentStatus.EXPIRED;
  if (m.voided > 0n) return OrderPaymentStatus.VOIDED;
  if (payments.some((p) => p.status === 'ACTION_REQUIRED')) return OrderPaymentStatus.ACTION_REQUIRED;
  return OrderPaymentStatus.NOT_PAID;
}

/** Why capturing `amount` is refused (capture ≤ authorized), or null. */
export function captureRefusal(money: OrderMoney, amount: bigint): string | null {
  if (amount <= 0n) return 'The amount to capture must be positive';
  if (amount > money.authorized) return `Only ${money.authorized} (minor units) is authorized and not yet captured`;
  return null;
}

/** Why refunding `amount` is refused (refund ≤ captured − refunded), or null. */
export function refundRefusal(money: OrderMoney, amount: bigint): string | null {
  if (amount <= 0n) return 'The amount to refund must be positive';
  const refundable = money.captured - money.refunded;
  if (amount > refundable) return `Only ${refundable} (minor units) is captured and not yet refunded`;
  return null;
}
