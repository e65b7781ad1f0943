import type {
  FulfillmentState,
  OrderFulfillmentStatus,
  OrderPaymentStatus,
  OrderReturnStatus,
  OrderState,
  OrderStatus,
  ReturnRequestState,
} from './generated/graphql.js';

/** What a shopper reads for the order's display status. */
export const ORDER_STATUS: Record<OrderStatus, string> = {
  PENDING: 'Pending payment',
  CONFIRMED: 'Confirmed',
  PROCESSING: 'Being prepared',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

/** What a shopper reads for the payment status. */
export const PAYMENT_STATUS: Record<OrderPaymentStatus, string> = {
  NOT_PAID: 'Not paid',
  ACTION_REQUIRED: 'Waiting for your bank',
  AUTHORIZED: 'Authorised',
  PARTIALLY_PAID: 'Partly paid',
  PAID: 'Paid',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  VOIDED: 'Voided',
  EXPIRED: 'Expired',
};

/** What a shopper reads for the fulfilment status. */
export const FULFILLMENT_STATUS: Record<OrderFulfillmentStatus, string> = {
  UNFULFILLED: 'Not packed yet',
  PARTIALLY_FULFILLED: 'Partly packed',
  FULFILLED: 'Packed',
  PARTIALLY_SHIPPED: 'Partly shipped',
  SHIPPED: 'Shipped',
  PARTIALLY_DELIVERED: 'Partly delivered',
  DELIVERED: 'Delivered',
};

/** What a shopper reads for the return status. */
export const RETURN_STATUS: Record<OrderReturnStatus, string> = {
  NONE: 'None',
  REQUESTED: 'Requested',
  PARTIALLY_RETURNED: 'Partly returned',
  RETURNED: 'Returned',
};

/** What a shopper reads for one parcel. */
export const PARCEL_STATUS: Record<FulfillmentState, string> = {
  PENDING: 'Packed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

/** What a shopper reads for one return request. */
export const RETURN_REQUEST_STATUS: Record<ReturnRequestState, string> = {
  REQUESTED: 'Requested',
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  RECEIVED: 'Received',
};

/** Units of order lines (`OrderLineQuantity`). */
interface LineQuantities {
  lines: readonly { orderItemId: string; quantity: number }[];
}

/** What the rules below read of an order. */
export interface OrderFacts {
  state: OrderState;
  fulfillments: readonly (LineQuantities & { status: FulfillmentState })[];
  returnRequests: readonly (LineQuantities & { status: ReturnRequestState })[];
}

/**
 * Whether a shopper may cancel: a confirmed order of which nothing has shipped (the order subgraph's
 * guard; a pending order belongs to its checkout). The server still decides and says why not.
 */
export function canCancel(order: OrderFacts): boolean {
  return order.state === 'CONFIRMED' && !order.fulfillments.some((f) => f.status === 'SHIPPED' || f.status === 'DELIVERED');
}

/**
 * Units of each line a shopper may still ask back: delivered units less those in return requests
 * that were not declined (the order subgraph's rule; it also checks the return window).
 */
export function returnableUnits(order: OrderFacts): Map<string, number> {
  const units = new Map<string, number>();
  if (order.state !== 'CONFIRMED') return units;
  const add = (lines: LineQuantities['lines'], sign: 1 | -1) => {
    for (const l of lines) units.set(l.orderItemId, (units.get(l.orderItemId) ?? 0) + sign * l.quantity);
  };
  for (const f of order.fulfillments) if (f.status === 'DELIVERED') add(f.lines, 1);
  for (const r of order.returnRequests) if (r.status !== 'DECLINED') add(r.lines, -1);
  for (const [id, n] of units) if (n <= 0) units.delete(id);
  return units;
}
