import { defineMachine } from '@shopgraph/fsm';

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

/** The order lifecycle as data: from each status, where it may go and who may move it there. */
export const ORDER_MACHINE = defineMachine<OrderStatus, Actor>(
  {
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
  },
  { name: 'order' },
);
