import type { EntityManager } from '@mikro-orm/postgresql';
import { ORDER_STATUS_CHANNEL, type OrderStatusChangedMessage } from '@shopgraph/contracts';
import type { Actor, OrderStatus } from '../domain/order-process.js';
import { type Order, OrderStatusChange } from '../entities/index.js';

/**
 * Records a change of the display status inside the caller's transaction and announces it with
 * NOTIFY, which PostgreSQL delivers only if and when that transaction commits. The display status
 * is derived (domain/order-process.ts): callers pass what `displayStatusOf` computed.
 */
export async function recordStatus(tx: EntityManager, order: Order, to: OrderStatus, actor: Actor, created = false): Promise<void> {
  const previous = created ? undefined : order.status;
  order.status = to;
  const change = tx.create(OrderStatusChange, { order, toStatus: to, actor, ...(previous ? { fromStatus: previous } : {}) });
  await tx.flush();
  const message: OrderStatusChangedMessage = {
    orderId: order.id,
    status: to,
    previousStatus: previous ?? null,
    occurredAt: change.occurredAt.toISOString(),
  };
  await tx.execute('select pg_notify(?, ?)', [ORDER_STATUS_CHANNEL, JSON.stringify(message)]);
}
