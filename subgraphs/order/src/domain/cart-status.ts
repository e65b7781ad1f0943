import { defineMachine } from '@shopgraph/fsm';

/** Lifecycle of a cart. */
export enum CartStatus {
  /** The shopper is filling it. */
  ACTIVE = 'ACTIVE',
  /** A checkout session holds it: its lines are reserved and cannot change. */
  CHECKOUT = 'CHECKOUT',
  /** It became an order. */
  ORDERED = 'ORDERED',
  /** A guest cart whose lines moved into the customer's cart at sign-in. */
  MERGED = 'MERGED',
}

/** The cart lifecycle as data: from each status, where it may go. */
export const CART_MACHINE = defineMachine<CartStatus>(
  {
    [CartStatus.ACTIVE]: [{ to: CartStatus.CHECKOUT }, { to: CartStatus.ORDERED }, { to: CartStatus.MERGED }],
    // The session closed (abandoned, expired, or refused at confirmation), or confirmed into an order.
    [CartStatus.CHECKOUT]: [{ to: CartStatus.ACTIVE }, { to: CartStatus.ORDERED }],
    [CartStatus.ORDERED]: [],
    [CartStatus.MERGED]: [],
  },
  { name: 'cart' },
);

/** Statuses in which a cart is the owner's current cart (at most one per owner): those it can leave. */
export const OPEN_CART_STATUSES: readonly CartStatus[] = Object.values(CartStatus).filter((s) => !CART_MACHINE.isTerminal(s));
