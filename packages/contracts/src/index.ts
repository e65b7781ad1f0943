/**
 * Messages that cross process boundaries, shared by their producer and their consumers so both
 * sides agree on names and shapes.
 */

/** PostgreSQL NOTIFY channel on which the order subgraph announces committed status changes. */
export const ORDER_STATUS_CHANNEL = 'order_status_changed';

/** Payload of an order status change notification. */
export interface OrderStatusChangedMessage {
  orderId: string;
  status: string;
  previousStatus: string | null;
  /** ISO-8601 UTC. */
  occurredAt: string;
}

/** Parses a notification payload, or returns null if it is not an order status change. */
export function parseOrderStatusChanged(payload: string | undefined): OrderStatusChangedMessage | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<OrderStatusChangedMessage>;
    if (typeof value.orderId !== 'string' || typeof value.status !== 'string' || typeof value.occurredAt !== 'string') return null;
    return { orderId: value.orderId, status: value.status, previousStatus: value.previousStatus ?? null, occurredAt: value.occurredAt };
  } catch {
    return null;
  }
}
export * from './events/order.events.js';
