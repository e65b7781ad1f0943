import type { EntityManager } from '@mikro-orm/postgresql';
import { ORDER_PROCESS, OrderState } from '../domain/order-process.js';
import { Order } from '../entities/index.js';
import { OrderCompleted } from '../events/order.events.js';
import { commitOrderChange, deriveOrder, loadOrderAggregate, moveState } from './order-lifecycle.service.js';

/**
 * Completes confirmed orders delivered longer ago than the return window, once the state machine's
 * guard agrees (all delivered, payment settled, no return open): CONFIRMED → COMPLETED with
 * `order.completed`, one order per transaction. Returns how many were completed.
 */
export async function completeDueOrders(em: EntityManager, returnWindowDays: number, now = new Date(), limit = 100): Promise<number> {
  const closedBefore = new Date(now.getTime() - returnWindowDays * 86_400_000);
  const due = await em.find(
    Order,
    { state: OrderState.CONFIRMED, deliveredAt: { $lt: closedBefore } },
    { fields: ['id'], orderBy: { deliveredAt: 'asc' }, limit },
  );
  let completed = 0;
  for (const { id } of due) {
    const moved = await em.fork().transactional(async (tx) => {
      const agg = await loadOrderAggregate(tx, id);
      if (!agg) return false;
      const { facts } = deriveOrder(agg, returnWindowDays, now);
      if (!ORDER_PROCESS.can(agg.order.state, OrderState.COMPLETED, 'system', facts)) return false;
      moveState(agg.order, OrderState.COMPLETED, 'system', facts);
      await commitOrderChange(tx, agg, 'system', OrderCompleted, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
      }));
      return true;
    });
    if (moved) completed += 1;
  }
  return completed;
}
