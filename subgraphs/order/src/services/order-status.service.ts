import type { EntityManager } from '@mikro-orm/postgresql';
import { ORDER_STATUS_CHANNEL, type OrderStatusChangedMessage } from '@shopgraph/contracts';
import { type Actor, ORDER_MACHINE, type OrderStatus } from '../domain/order-status.js';
import { type Order, OrderStatusChange } from '../entities/index.js';

/**
 * Records a status change inside the caller's transaction and announces it with NOTIFY, which
 * PostgreSQL delivers only if and when that transaction commits. A change the lifecycle table does
 * not allow `actor` throws a `TransitionError` (INVALID_STATUS_TRANSITION), whoever the caller.
 */
export async function recordStatus(tx: EntityManager, order: Order, to: OrderStatus, actor: Actor, created = false): Promise<void> {
  if (!created) ORDER_MACHINE.assert(order.status, to, actor);
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

/** Whether `actor` may move `order` to `to` now. */
export function transitionAllowed(order: Order, to: OrderStatus, actor: Actor): boolean {
  return ORDER_MACHINE.can(order.status, to, actor);
}
