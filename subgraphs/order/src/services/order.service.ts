import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { type CurrencyCode, isCurrencyCode, money, sum, times } from '@shopgraph/money';
import { type SubgraphRuntime, newestFirstPage } from '@shopgraph/subgraph';
import { type Actor, OrderStatus } from '../domain/order-status.js';
import { Cart, CartStatus, Order, OrderItem, OrderStatusChange } from '../entities/index.js';
import { fetchVariants } from './catalog.client.js';
import { fetchAvailability } from './inventory.client.js';
import { recordStatus, transitionAllowed } from './order-status.service.js';

/** Outcome of an order mutation. */
export interface OrderResult {
  order: Order | null;
  userErrors: UserError[];
}

async function nextOrderNumber(tx: EntityManager): Promise<string> {
  const [row] = await tx.execute<{ n: string }[]>(`select nextval('"order".order_number_seq') as n`);
  return `SG-${new Date().getUTCFullYear()}-${String(row!.n).padStart(6, '0')}`;
}

/**
 * Places an order from the owner's cart at the catalog's current prices: the simplest honest
 * checkout (the checkout-session saga replaces it). Stock is re-checked; one cart gives at most
 * one order, so repeating the call returns the same order.
 */
export async function placeOrder(
  em: EntityManager,
  runtime: SubgraphRuntime,
  ownerKey: string,
  customerId: string | undefined,
  cartId: string,
): Promise<OrderResult> {
  const existing = await em.findOne(Order, { cartId, ownerKey });
  if (existing) return { order: existing, userErrors: [] };
  const cart = await em.findOne(Cart, { id: cartId, ownerKey }, { populate: ['lines'] });
  if (!cart) return { order: null, userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such cart', ['input', 'cartId'])] };
  if (cart.status !== CartStatus.ACTIVE) {
    return { order: null, userErrors: [userError(UserErrorCode.CART_NOT_ACTIVE, 'This cart has already been ordered', ['input', 'cartId'])] };
  }
  const lines = cart.lines.getItems();
  if (lines.length === 0) return { order: null, userErrors: [userError(UserErrorCode.CART_EMPTY, 'The cart is empty', ['input', 'cartId'])] };

  const skus = lines.map((l) => l.sku);
  const [variants, availability] = await Promise.all([fetchVariants(runtime, skus), fetchAvailability(runtime, skus)]);
  const errors: UserError[] = [];
  for (const line of lines) {
    const variant = variants.get(line.sku);
    if (!variant || variant.product.status !== 'ACTIVE') {
      errors.push(userError(UserErrorCode.NOT_SELLABLE, `${line.sku} is no longer for sale`, ['lines', line.sku]));
    } else if ((availability.get(line.sku) ?? 0) < line.quantity) {
      errors.push(userError(UserErrorCode.INSUFFICIENT_STOCK, `Only ${availability.get(line.sku) ?? 0} of ${variant.name} available`, ['lines', line.sku]));
    }
  }
  if (errors.length) return { order: null, userErrors: errors };

  const currency = runtime.config.BASE_CURRENCY as CurrencyCode;
  const priced = lines.map((line, position) => {
    const variant = variants.get(line.sku)!;
    if (!isCurrencyCode(variant.basePrice.currencyCode) || variant.basePrice.currencyCode !== currency) {
      throw new Error(`Catalog priced ${line.sku} in ${variant.basePrice.currencyCode}, expected ${currency}`);
    }
    const unit = money(BigInt(variant.basePrice.amountMinor), currency);
    return { line, position, variant, unit, total: times(unit, line.quantity) };
  });
  const subtotal = sum(priced.map((p) => p.total), currency);

  return em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(Cart, { id: cart.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const raced = await tx.findOne(Order, { cartId });
    if (raced) return { order: raced, userErrors: [] };
    if (locked.status !== CartStatus.ACTIVE) {
      return { order: null, userErrors: [userError(UserErrorCode.CART_NOT_ACTIVE, 'This cart has already been ordered', ['input', 'cartId'])] };
    }
    const order = tx.create(Order, {
      number: await nextOrderNumber(tx),
      cartId,
      ownerKey,
      ...(customerId ? { customerId } : {}),
      currency,
      subtotalMinor: subtotal.amountMinor,
      totalMinor: subtotal.amountMinor,
    });
    for (const p of priced) {
      tx.create(OrderItem, {
        order,
        position: p.position,
        sku: p.line.sku,
        productId: p.variant.product.id,
        name: p.variant.name,
        quantity: p.line.quantity,
        unitPriceMinor: p.unit.amountMinor,
        lineTotalMinor: p.total.amountMinor,
      });
    }
    locked.status = CartStatus.ORDERED;
    await recordStatus(tx, order, OrderStatus.PENDING, 'shopper', true);
    return { order, userErrors: [] };
  });
}

/** Moves an order to `to` if the lifecycle table allows `actor` to; otherwise nothing changes. */
export async function transitionOrder(em: EntityManager, orderId: string, to: OrderStatus, actor: Actor): Promise<OrderResult> {
  return em.transactional(async (tx) => {
    const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { order: null, userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])] };
    if (!transitionAllowed(order, to, actor)) {
      return {
        order: null,
        userErrors: [userError(UserErrorCode.INVALID_STATUS_TRANSITION, `An order that is ${order.status} cannot become ${to}`, ['input', 'orderId'])],
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
