import { defineMachine } from '@shopgraph/fsm';
import { FulfillmentStatus, anyShipped } from './fulfilment.js';
import { OrderPaymentStatus } from './payment-status.js';
import { ReturnStatus } from './return-policy.js';

/** The order's persisted state: a small machine; payment, fulfilment and return statuses are derived beside it. */
export enum OrderState {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/** The public display status, computed from the state and the fulfilment status (existing clients read it). */
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

/** What the guards of the order machine read: the derived statuses and the return window. */
export interface OrderFacts {
  fulfillment: FulfillmentStatus;
  payment: OrderPaymentStatus;
  returns: ReturnStatus;
  /** Whether a delivered order can still be returned. */
  returnWindowOpen: boolean;
}

const SETTLED = [OrderPaymentStatus.PAID, OrderPaymentStatus.PARTIALLY_REFUNDED, OrderPaymentStatus.REFUNDED];

/** Cancel only before the first shipment: after it, it is a return and a refund. */
export const cancelGuard = (f: OrderFacts): string | null =>
  anyShipped(f.fulfillment) ? 'Part of this order has shipped: return it instead of cancelling' : null;

/** Completed once fully delivered and settled, no return open and the return window closed. */
export const completeGuard = (f: OrderFacts): string | null => {
  if (f.fulfillment !== FulfillmentStatus.DELIVERED) return 'The order is not fully delivered';
  if (!SETTLED.includes(f.payment)) return `The payment is ${f.payment}, not settled`;
  if (f.returns === ReturnStatus.REQUESTED) return 'A return of this order is open';
  if (f.returnWindowOpen) return 'The return window is still open';
  return null;
};

/**
 * The order state as data: `PENDING → CONFIRMED → COMPLETED`, `PENDING | CONFIRMED → CANCELLED`;
 * CANCELLED and COMPLETED are never left. The actor column is today's: shoppers may only cancel.
 */
export const ORDER_PROCESS = defineMachine<OrderState, Actor, OrderFacts>(
  {
    // A pending order belongs to its confirmation saga, which cancels it itself when it gives up.
    [OrderState.PENDING]: [
      { to: OrderState.CONFIRMED, by: ['system', 'admin'] },
      { to: OrderState.CANCELLED, by: ['system'], guard: cancelGuard },
    ],
    [OrderState.CONFIRMED]: [
      { to: OrderState.COMPLETED, by: ['system'], guard: completeGuard },
      { to: OrderState.CANCELLED, by: ['shopper', 'admin', 'system'], guard: cancelGuard },
    ],
    [OrderState.COMPLETED]: [],
    [OrderState.CANCELLED]: [],
  },
  { name: 'order' },
);

/**
 * The display status: CANCELLED and PENDING from the state; DELIVERED once completed or all
 * delivered; SHIPPED once all shipped; PROCESSING while lines remain to ship; CONFIRMED before that.
 */
export function displayStatusOf(state: OrderState, fulfillment: FulfillmentStatus): OrderStatus {
  switch (state) {
    case OrderState.PENDING:
      return OrderStatus.PENDING;
    case OrderState.CANCELLED:
      return OrderStatus.CANCELLED;
    case OrderState.COMPLETED:
      return OrderStatus.DELIVERED;
    case OrderState.CONFIRMED:
      if (fulfillment === FulfillmentStatus.DELIVERED) return OrderStatus.DELIVERED;
      if (fulfillment === FulfillmentStatus.SHIPPED || fulfillment === FulfillmentStatus.PARTIALLY_DELIVERED) {
        return OrderStatus.SHIPPED;
      }
      return fulfillment === FulfillmentStatus.UNFULFILLED ? OrderStatus.CONFIRMED : OrderStatus.PROCESSING;
  }
}
