/**
 * A customer's order history, projected from the order events (never written by hand): orders
 * paid and not cancelled, their lifetime value (paid − refunded, in the base currency) and when
 * the last one was paid.
 */

/** What the order events taught us about a customer's orders. */
export interface OrderHistory {
  /** Paid (confirmed) orders that were not cancelled. */
  ordersCount: number;
  /** Sum of paid − refunded of those orders in the base currency (minor units); orders in another currency add 0. */
  lifetimeValueMinor: bigint;
  /** When the last of those orders was paid; null with none. */
  lastOrderAt: Date | null;
}

/** History of a customer without orders. */
export const NO_HISTORY: OrderHistory = { ordersCount: 0, lifetimeValueMinor: 0n, lastOrderAt: null };
