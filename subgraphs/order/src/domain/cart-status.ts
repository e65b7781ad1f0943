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

/** Statuses in which a cart is the owner's current cart (at most one per owner). */
export const OPEN_CART_STATUSES: readonly CartStatus[] = [CartStatus.ACTIVE, CartStatus.CHECKOUT];
