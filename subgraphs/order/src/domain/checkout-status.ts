/** Lifecycle of a checkout session. */
export enum CheckoutStatus {
  /** Stock is held; the shopper is choosing addresses, shipping, payment and discounts. */
  OPEN = 'OPEN',
  /** The shopper left it: the cart is editable again and the stock released. */
  ABANDONED = 'ABANDONED',
  /** Its time ran out: the cart is editable again and the stock released. */
  EXPIRED = 'EXPIRED',
  /** Confirmed into an order (by the confirmation saga). */
  COMPLETED = 'COMPLETED',
}

/** The checkout session lifecycle as data: from each status, where it may go. */
export const CHECKOUT_TRANSITIONS: Readonly<Record<CheckoutStatus, readonly CheckoutStatus[]>> = {
  [CheckoutStatus.OPEN]: [CheckoutStatus.ABANDONED, CheckoutStatus.EXPIRED, CheckoutStatus.COMPLETED],
  [CheckoutStatus.ABANDONED]: [],
  [CheckoutStatus.EXPIRED]: [],
  [CheckoutStatus.COMPLETED]: [],
};

/** Whether a session may move from `from` to `to`. */
export function canMoveCheckout(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return CHECKOUT_TRANSITIONS[from].includes(to);
}

/** Seconds a checkout session (and the stock it holds) lives: the inventory reservation TTL. */
export const CHECKOUT_TTL_SECONDS = 15 * 60;
