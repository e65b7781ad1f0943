import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { TransitionError } from '@shopgraph/fsm';
import { UserErrorCode, type UserError, userError } from '@shopgraph/errors';
import { FULFILMENT_MACHINE, FulfilmentState, fulfilmentRefusal, lineProgress } from '../domain/fulfilment.js';
import { OrderState } from '../domain/order-process.js';
import { Fulfilment, FulfilmentLine, type Order, type OrderItem } from '../entities/index.js';
import { OrderDelivered, OrderFulfilmentCancelled, OrderFulfilmentCreated, OrderFulfilmentShipped } from '../events/order.events.js';
import { type OrderAggregate, commitOrderChange, eventLines, lineFactsOf, loadOrderAggregate } from './order-lifecycle.service.js';

/** Outcome of a fulfilment mutation. */
export interface FulfilmentResult {
  fulfilment: Fulfilment | null;
  order: Order | null;
  items: OrderItem[];
  userErrors: UserError[];
}

/** What `createFulfilment` packs. */
export interface NewFulfilment {
  orderId: string;
  lines: { orderItemId: string; quantity: number }[];
  warehouseId: string;
  carrier?: string | null;
  trackingNumber?: string | null;
}

const refused = (code: UserErrorCode, message: string, field: string[]): FulfilmentResult => ({
  fulfilment: null,
  order: null,
  items: [],
  userErrors: [userError(code, message, field)],
});

const linesOf = (f: Fulfilment) => f.lines.getItems().map((l) => ({ orderItemId: l.orderItem.id, quantity: l.quantity }));

/**
 * Packs lines of a confirmed order from an active inventory warehouse: each line at most ordered −
 * cancelled − fulfilled. One transaction: the fulfilment, the order's version and `order.fulfilment-created`.
 */
export async function createFulfilment(
  em: EntityManager,
  input: NewFulfilment,
  isActiveWarehouse: (warehouseId: string) => Promise<boolean>,
): Promise<FulfilmentResult> {
  if (!(await isActiveWarehouse(input.warehouseId))) {
    return refused(UserErrorCode.NOT_FOUND, 'No such active warehouse', ['input', 'warehouseId']);
  }
  return em.transactional(async (tx) => {
    const agg = await loadOrderAggregate(tx, input.orderId);
    if (!agg) return refused(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId']);
    if (agg.order.state !== OrderState.CONFIRMED) {
      return refused(UserErrorCode.INVALID_STATUS_TRANSITION, `The order is ${agg.order.state}: only a confirmed order is fulfilled`, [
        'input',
        'orderId',
      ]);
    }
    const refusal = fulfilmentRefusal(agg.items, lineFactsOf(agg.fulfilments), input.lines);
    if (refusal) return refused(UserErrorCode.INVALID_QUANTITY, refusal.reason, ['input', 'lines', String(refusal.index)]);
    const fulfilment = tx.create(Fulfilment, {
      order: agg.order,
      warehouseId: input.warehouseId,
      carrier: input.carrier ?? null,
      trackingNumber: input.trackingNumber ?? null,
    });
    const items = new Map(agg.items.map((i) => [i.id, i]));
    for (const line of input.lines)
      tx.create(FulfilmentLine, { fulfilment, orderItem: items.get(line.orderItemId)!, quantity: line.quantity });
    agg.fulfilments.push(fulfilment);
    await commitOrderChange(tx, agg, 'admin', OrderFulfilmentCreated, (version) => ({
      orderId: agg.order.id,
      number: agg.order.number,
      version,
      fulfilmentId: fulfilment.id,
      warehouseId: fulfilment.warehouseId,
      lines: eventLines(agg.items, input.lines),
    }));
    return { fulfilment, order: agg.order, items: agg.items, userErrors: [] };
  });
}

/** Loads the fulfilment's order (locked) and the fulfilment from it, or a NOT_FOUND refusal. */
async function withFulfilment(
  tx: EntityManager,
  fulfilmentId: string,
  to: FulfilmentState,
  change: (agg: OrderAggregate, fulfilment: Fulfilment) => Promise<void>,
): Promise<FulfilmentResult> {
  const found = await tx.findOne(Fulfilment, { id: fulfilmentId }, { fields: ['id', 'order'] });
  if (!found) return refused(UserErrorCode.NOT_FOUND, 'No such fulfillment', ['input', 'fulfillmentId']);
  const agg = (await loadOrderAggregate(tx, found.order.id))!;
  const fulfilment = agg.fulfilments.find((f) => f.id === fulfilmentId)!;
  await tx.refresh(fulfilment, { lockMode: LockMode.PESSIMISTIC_WRITE });
  try {
    FULFILMENT_MACHINE.assert(fulfilment.state, to);
  } catch (error) {
    if (error instanceof TransitionError)
      return { fulfilment: null, order: null, items: [], userErrors: [error.toUserError(['input', 'fulfillmentId'])] };
    throw error;
  }
  fulfilment.state = to;
  await change(agg, fulfilment);
  return { fulfilment, order: agg.order, items: agg.items, userErrors: [] };
}

/** Hands a packed fulfilment to the carrier; `order.fulfilment-shipped` with the tracking number. */
export function markFulfilmentShipped(
  em: EntityManager,
  input: { fulfilmentId: string; carrier?: string | null; trackingNumber?: string | null },
  now = new Date(),
): Promise<FulfilmentResult> {
  return em.transactional((tx) =>
    withFulfilment(tx, input.fulfilmentId, FulfilmentState.SHIPPED, async (agg, f) => {
      f.shippedAt = now;
      if (input.carrier) f.carrier = input.carrier;
      if (input.trackingNumber) f.trackingNumber = input.trackingNumber;
      await commitOrderChange(tx, agg, 'admin', OrderFulfilmentShipped, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
        email: agg.order.email ?? null,
        fulfilmentId: f.id,
        carrier: f.carrier ?? null,
        trackingNumber: f.trackingNumber ?? null,
        shippedAt: now.toISOString(),
        lines: eventLines(agg.items, linesOf(f)),
      }));
    }),
  );
}

/**
 * A shipped fulfilment reached the shopper; `order.delivered` with every unit delivered so far.
 * Once nothing remains undelivered the order's return window starts.
 */
export function markFulfilmentDelivered(em: EntityManager, input: { fulfilmentId: string }, now = new Date()): Promise<FulfilmentResult> {
  return em.transactional((tx) =>
    withFulfilment(tx, input.fulfilmentId, FulfilmentState.DELIVERED, async (agg, f) => {
      f.deliveredAt = now;
      const progress = lineProgress(agg.items, lineFactsOf(agg.fulfilments));
      const delivered = [...progress.entries()]
        .filter(([, p]) => p.delivered > 0)
        .map(([orderItemId, p]) => ({ orderItemId, quantity: p.delivered }));
      if ([...progress.values()].every((p) => p.delivered >= p.ordered - p.cancelled)) agg.order.deliveredAt = now;
      await commitOrderChange(tx, agg, 'admin', OrderDelivered, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
        email: agg.order.email ?? '',
        deliveredAt: now.toISOString(),
        lines: eventLines(agg.items, delivered),
      }));
    }),
  );
}

/**
 * Gives up a fulfilment before it shipped. Without `restock` its units are owed to the order again
 * (packed anew later). With `restock` they are taken off the order (its lines' cancelled units grow,
 * to be refunded) and the event asks inventory to put them back on the shelf of its warehouse, since
 * the order's units left inventory's on-hand when the order was confirmed.
 */
export function cancelFulfilment(
  em: EntityManager,
  input: { fulfilmentId: string; restock: boolean },
  now = new Date(),
): Promise<FulfilmentResult> {
  return em.transactional((tx) =>
    withFulfilment(tx, input.fulfilmentId, FulfilmentState.CANCELLED, async (agg, f) => {
      f.cancelledAt = now;
      f.restocked = input.restock;
      if (input.restock) {
        const items = new Map(agg.items.map((i) => [i.id, i]));
        for (const line of linesOf(f)) items.get(line.orderItemId)!.cancelledQuantity += line.quantity;
      }
      await commitOrderChange(tx, agg, 'admin', OrderFulfilmentCancelled, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        fulfilmentId: f.id,
        restock: input.restock ? eventLines(agg.items, linesOf(f)).map((l) => ({ ...l, warehouseId: f.warehouseId })) : [],
      }));
    }),
  );
}
