import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderCancelled, OrderConfirmed, OrderRefunded } from '@shopgraph/contracts';
import { type EventEnvelope, handleOnce, isEvent } from '@shopgraph/events';
import { recordCancelled, recordPaid, recordRefund } from '../services/order-history.service.js';

/** The durable subscription of the customer subgraph to the order events. */
export const ORDER_EVENTS_CONSUMER = 'customer.order-events';
/** The order events it consumes. */
export const ORDER_EVENT_NAMES = [OrderConfirmed.name, OrderCancelled.name, OrderRefunded.name];

/**
 * Applies an order event once (inbox) to the customer's order history: a paid order counts with
 * its total, a refund takes its amount off, a cancelled order leaves the count. Guest orders
 * (no customer) are ignored.
 */
export async function handleOrderEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  await handleOnce(em, ORDER_EVENTS_CONSUMER, envelope, async (tx) => {
    if (isEvent(envelope, OrderConfirmed)) {
      const o = envelope.payload;
      if (!o.customerId) return;
      await recordPaid(tx, {
        orderId: o.orderId,
        customerId: o.customerId,
        version: o.version,
        currency: o.currency,
        totalMinor: o.totalMinor,
        paidAt: new Date(envelope.occurredAt),
      });
    } else if (isEvent(envelope, OrderCancelled)) {
      const o = envelope.payload;
      if (!o.customerId) return;
      await recordCancelled(tx, { orderId: o.orderId, customerId: o.customerId, version: o.version });
    } else if (isEvent(envelope, OrderRefunded)) {
      const o = envelope.payload;
      if (!o.customerId) return;
      await recordRefund(tx, { orderId: o.orderId, customerId: o.customerId, version: o.version, amountMinor: o.amountMinor });
    }
  });
}
