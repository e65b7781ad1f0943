import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderDelivered, OrderReturnReceived } from '@shopgraph/contracts';
import { PreparedSql } from '@shopgraph/db';
import { type EventEnvelope, handleOnce, isEvent } from '@shopgraph/events';
import { recordPurchases, recordReturns, refreshVerified, scheduleRequest } from '../store/purchase.sql.js';

/** The durable subscription of the review subgraph to the order events. */
export const ORDER_EVENTS_CONSUMER = 'review.order-events';
/** The order events it consumes. */
export const ORDER_EVENT_NAMES = [OrderDelivered.name, OrderReturnReceived.name];

/** What the handler needs beyond the database: the request delay and the scheduler of the request job. */
export interface OrderEventsPorts {
  requestDelaySeconds: number;
  /** Schedules the review request job of `orderId` at `dueAt` (duplicates are harmless: the job decides once). */
  scheduleRequest(orderId: string, dueAt: Date): Promise<void>;
}

/**
 * Applies an order event once (inbox): a delivery records the purchases (reviews of those products
 * become verified) and schedules the order's review request after the delay, counted from the last
 * delivery; a received return takes the returned units off (a product returned in full no longer
 * verifies, and gets no review request link).
 */
export async function handleOrderEvent(em: EntityManager, envelope: EventEnvelope, ports: OrderEventsPorts): Promise<void> {
  await handleOnce(em, ORDER_EVENTS_CONSUMER, envelope, async (tx) => {
    const sql = PreparedSql.ofTransaction(tx);
    if (isEvent(envelope, OrderDelivered)) {
      const order = envelope.payload;
      const deliveredAt = new Date(order.deliveredAt);
      await recordPurchases(sql, { orderId: order.orderId, customerId: order.customerId, deliveredAt }, order.lines);
      if (order.customerId) await refreshVerified(sql, order.customerId, [...new Set(order.lines.map((l) => l.productId))]);
      const request = await scheduleRequest(sql, {
        orderId: order.orderId,
        orderNumber: order.number,
        customerId: order.customerId,
        email: order.email,
        dueAt: new Date(deliveredAt.getTime() + ports.requestDelaySeconds * 1000),
      });
      // Scheduled before the commit: if the commit fails the event comes again and schedules again,
      // and the job finds the request decided, or not yet due, and does nothing.
      if (request.status === 'SCHEDULED') await ports.scheduleRequest(order.orderId, request.dueAt);
    } else if (isEvent(envelope, OrderReturnReceived)) {
      const order = envelope.payload;
      const products = await recordReturns(sql, order.orderId, order.lines);
      if (order.customerId && products.length) await refreshVerified(sql, order.customerId, products);
    }
  });
}
