import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserError } from '@shopgraph/errors';
import { newestFirstPage } from '@shopgraph/subgraph';
import { Fulfilment, Order, OrderItem, OrderStatusChange, ReturnRequest } from '../entities/index.js';

/** Outcome of an order mutation. */
export interface OrderResult {
  order: Order | null;
  userErrors: UserError[];
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

/** Fulfilments of many orders with their lines, oldest first. */
export function fulfilmentsOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<Fulfilment[]> {
  return em.find(Fulfilment, { order: { $in: [...orderIds] } }, { populate: ['lines'], orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Return requests of many orders, oldest first. */
export function returnsOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<ReturnRequest[]> {
  return em.find(ReturnRequest, { order: { $in: [...orderIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Orders newest first, of one owner (or all for `ownerKey` null), keyset-paginated. */
export async function listOrders(em: EntityManager, ownerKey: string | null, first: number, after?: string) {
  const page = await newestFirstPage(em, Order, ownerKey ? { ownerKey } : {}, first, after);
  return { ...page, items: page.items.map(({ cursor, row }) => ({ cursor, order: row })) };
}
