import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { PreparedSql } from '@shopgraph/db';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { newestFirstPage } from '@shopgraph/subgraph';
import { type Actor, OrderStatus } from '../domain/order-status.js';
import { Order, OrderItem, OrderStatusChange } from '../entities/index.js';
import { orderHoldsMoney } from '../store/payment.sql.js';
import { recordStatus, transitionAllowed } from './order-status.service.js';

/** Outcome of an order mutation. */
export interface OrderResult {
  order: Order | null;
  userErrors: UserError[];
}

/** Moves an order to `to` if the lifecycle table allows `actor` to; otherwise nothing changes. */
export async function transitionOrder(em: EntityManager, orderId: string, to: OrderStatus, actor: Actor): Promise<OrderResult> {
  return em.transactional(async (tx) => {
    const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { order: null, userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])] };
    if (to === OrderStatus.CANCELLED && (await orderHoldsMoney(PreparedSql.ofTransaction(tx), order.id))) {
      // Cancelling a paid order means voiding or refunding it: the order lifecycle's cancel workflow.
      return {
        order: null,
        userErrors: [
          userError(UserErrorCode.INVALID_STATUS_TRANSITION, 'This order is paid: it cannot be cancelled without a refund', [
            'input',
            'orderId',
          ]),
        ],
      };
    }
    if (!transitionAllowed(order, to, actor)) {
      return {
        order: null,
        userErrors: [
          userError(UserErrorCode.INVALID_STATUS_TRANSITION, `An order that is ${order.status} cannot become ${to}`, ['input', 'orderId']),
        ],
      };
    }
    await recordStatus(tx, order, to, actor);
    return { order, userErrors: [] };
  });
}

/** Orders by id, in one query. */
export function ordersByIds(em: EntityManager, ids: readonly string[]): Promise<Order[]> {
  return em.find(Order, { id: { $in: [...ids] } });
}

/** Items of many orders, in one query. */
export function itemsOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<OrderItem[]> {
  return em.find(OrderItem, { order: { $in: [...orderIds] } }, { orderBy: { position: 'asc' } });
}

/** Status histories of many orders, oldest step first, in one query. */
export function historyOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<OrderStatusChange[]> {
  return em.find(OrderStatusChange, { order: { $in: [...orderIds] } }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
}

/** Orders newest first, of one owner (or all for `ownerKey` null), keyset-paginated. */
export async function listOrders(em: EntityManager, ownerKey: string | null, first: number, after?: string) {
  const page = await newestFirstPage(em, Order, ownerKey ? { ownerKey } : {}, first, after);
  return { ...page, items: page.items.map(({ cursor, row }) => ({ cursor, order: row })) };
}
