/** Where an order is in its life. */
export enum OrderStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  PROCESSING = 'PROCESSING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}

/** Who may ask for a transition. */
export type Actor = 'shopper' | 'admin' | 'system';

interface Transition {
  to: OrderStatus;
  by: readonly Actor[];
}

/** The order lifecycle as data: from each status, where it may go and who may move it there. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly Transition[]> = {
  [OrderStatus.PENDING]: [
    { to: OrderStatus.CONFIRMED, by: ['system', 'admin'] },
    { to: OrderStatus.CANCELLED, by: ['shopper', 'admin', 'system'] },
  ],
  [OrderStatus.CONFIRMED]: [
    { to: OrderStatus.PROCESSING, by: ['admin', 'system'] },
    { to: OrderStatus.CANCELLED, by: ['shopper', 'admin', 'system'] },
  ],
  [OrderStatus.PROCESSING]: [
    { to: OrderStatus.SHIPPED, by: ['admin'] },
    { to: OrderStatus.CANCELLED, by: ['admin'] },
  ],
  [OrderStatus.SHIPPED]: [{ to: OrderStatus.DELIVERED, by: ['admin', 'system'] }],
  [OrderStatus.DELIVERED]: [],
  [OrderStatus.CANCELLED]: [],
};

/** Whether `actor` may move an order from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus, actor: Actor): boolean {
  return ORDER_TRANSITIONS[from].some((t) => t.to === to && t.by.includes(actor));
}
