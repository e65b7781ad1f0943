import { defineMachine } from '@shopgraph/fsm';

/** Lifecycle of a checkout session. */
export enum CheckoutStatus {
  /** Stock is held; the shopper is choosing addresses, shipping, payment and discounts. */
  OPEN = 'OPEN',
  /** The shopper left it: the cart is editable again and the stock released. */
  ABANDONED = 'ABANDONED',
  /** Its time ran out: the cart is editable again and the stock released. */
  EXPIRED = 'EXPIRED',
  /** The confirmation saga is turning it into an order: no edits; it ends COMPLETED or back OPEN. */
  CONFIRMING = 'CONFIRMING',
  /** Confirmed into an order (by the confirmation saga). */
  COMPLETED = 'COMPLETED',
}

/** The checkout session lifecycle as data: from each status, where it may go. */
export const CHECKOUT_MACHINE = defineMachine<CheckoutStatus>(
  {
    [CheckoutStatus.OPEN]: [{ to: CheckoutStatus.ABANDONED }, { to: CheckoutStatus.EXPIRED }, { to: CheckoutStatus.CONFIRMING }],
    [CheckoutStatus.CONFIRMING]: [{ to: CheckoutStatus.COMPLETED }, { to: CheckoutStatus.OPEN }],
    [CheckoutStatus.ABANDONED]: [],
    [CheckoutStatus.EXPIRED]: [],
    [CheckoutStatus.COMPLETED]: [],
  },
  { name: 'checkout session' },
);

/** Whether a session may move from `from` to `to`. */
export function canMoveCheckout(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return CHECKOUT_MACHINE.can(from, to);
}

/** Seconds a checkout session (and the stock it holds) lives: the inventory reservation TTL. */
export const CHECKOUT_TTL_SECONDS = 15 * 60;
