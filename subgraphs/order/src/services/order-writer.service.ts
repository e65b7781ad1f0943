import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { PreparedSql } from '@shopgraph/db';
import { recordEvent } from '@shopgraph/events';
import type { OrderSnapshot } from '../domain/order-snapshot.js';
import { FulfillmentStatus } from '../domain/fulfilment.js';
import { type OrderFacts, OrderState, OrderStatus } from '../domain/order-process.js';
import { OrderPaymentStatus } from '../domain/payment-status.js';
import { ReturnStatus } from '../domain/return-policy.js';
import { Order, OrderItem } from '../entities/index.js';
import { OrderCancelled, OrderConfirmed, OrderCreated } from '../events/order.events.js';
import type { ConfirmInput, OrdersPort } from '../steps/ports.js';
import { linkPaymentToOrder } from '../store/payment.sql.js';
import { commitOrderChange, moveState } from './order-lifecycle.service.js';
import { recordStatus } from './order-status.service.js';

/** A new order number, e.g. SG-2026-000042, from the schema's sequence. */
export async function nextOrderNumber(tx: EntityManager): Promise<string> {
  const [row] = await tx.execute<{ n: string }[]>(`select nextval('"order".order_number_seq') as n`);
  return `SG-${new Date().getUTCFullYear()}-${String(row!.n).padStart(6, '0')}`;
}

/**
 * Writes an order from a frozen checkout in the caller's transaction: the order PENDING with its
 * items, addresses and totals breakdown, the payment linked to it, `OrderCreated` in the outbox
 * and the first status (announced on commit). A run resumed after a crash finds its order again.
 */
export async function createOrderFromSnapshot(
  tx: EntityManager,
  input: ConfirmInput,
  snapshot: OrderSnapshot,
): Promise<{ orderId: string; number: string }> {
  const existing = await tx.findOne(Order, { id: input.orderId });
  if (existing) return { orderId: existing.id, number: existing.number };
  const order = tx.create(Order, {
    id: input.orderId,
    number: await nextOrderNumber(tx),
    cartId: snapshot.cartId,
    checkoutSessionId: input.sessionId,
    ownerKey: snapshot.ownerKey,
    ...(snapshot.customerId ? { customerId: snapshot.customerId } : {}),
    currency: snapshot.currency,
    email: snapshot.email,
    shippingAddress: snapshot.shippingAddress,
    billingAddress: snapshot.billingAddress,
    shippingMethodCode: snapshot.shippingMethod.code,
    shippingMethodName: snapshot.shippingMethod.name,
    subtotalMinor: BigInt(snapshot.subtotalMinor),
    discountMinor: BigInt(snapshot.discountMinor),
    loyaltyDiscountMinor: BigInt(snapshot.loyaltyDiscountMinor),
    shippingMinor: BigInt(snapshot.shippingMinor),
    shippingDiscountMinor: BigInt(snapshot.shippingDiscountMinor),
    taxMinor: BigInt(snapshot.taxMinor),
    exclusiveTaxMinor: BigInt(snapshot.exclusiveTaxMinor),
    totalMinor: BigInt(snapshot.totalMinor),
    discounts: snapshot.discounts,
    pointsUsed: snapshot.pointsUsed,
    notes: snapshot.notes,
    state: OrderState.PENDING,
    version: 1,
  });
  snapshot.lines.forEach((l, position) =>
    tx.create(OrderItem, {
      order,
      position,
      sku: l.sku,
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPriceMinor: BigInt(l.unitPriceMinor),
      lineTotalMinor: BigInt(l.lineTotalMinor),
      discountMinor: BigInt(l.discountMinor),
      loyaltyDiscountMinor: BigInt(l.loyaltyDiscountMinor),
    }),
  );
  await recordStatus(tx, order, OrderStatus.PENDING, 'system', true);
  await linkPaymentToOrder(PreparedSql.ofTransaction(tx), input.paymentId, order.id);
  await recordEvent(tx, OrderCreated, {
    aggregateId: order.id,
    schema: 'order',
    payload: {
      orderId: order.id,
      number: order.number,
      version: order.version,
      customerId: snapshot.customerId,
      checkoutSessionId: input.sessionId,
      currency: snapshot.currency,
      totalMinor: snapshot.totalMinor,
      email: snapshot.email,
      lines: snapshot.lines.map((l) => ({
        sku: l.sku,
        productId: l.productId,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        lineTotalMinor: l.lineTotalMinor,
      })),
      promotionIds: snapshot.discounts.flatMap((d) => (d.promotionId ? [d.promotionId] : [])),
      pointsUsed: snapshot.pointsUsed,
    },
  });
  return { orderId: order.id, number: order.number };
}

/**
 * What the guards know of an order the confirmation saga moves: nothing is fulfilled or returned
 * yet while the saga runs, and the saga confirms only once the payment is captured.
 */
const sagaFacts = (payment: OrderPaymentStatus): OrderFacts => ({
  fulfillment: FulfillmentStatus.UNFULFILLED,
  payment,
  returns: ReturnStatus.NONE,
  returnWindowOpen: false,
});

/**
 * Moves an order the saga created to `to` in its own locked row unless it is there already (saga
 * steps repeat): its version grows and the change's event goes to the outbox.
 */
async function settle(
  tx: EntityManager,
  orderId: string,
  to: OrderState.CONFIRMED | OrderState.CANCELLED,
  pointsEarned = 0,
): Promise<void> {
  const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order || order.state === to) return;
  const agg = { order, items: [], fulfilments: [] };
  if (to === OrderState.CONFIRMED) {
    moveState(order, to, 'system', sagaFacts(OrderPaymentStatus.PAID));
    order.pointsEarned = pointsEarned;
    await commitOrderChange(tx, agg, 'system', OrderConfirmed, (version) => ({
      orderId: order.id,
      number: order.number,
      version,
      customerId: order.customerId ?? null,
      currency: order.currency,
      totalMinor: String(order.totalMinor),
      pointsEarned,
    }));
    return;
  }
  // A compensated confirmation: the saga's own undo steps release the stock, void and give usage back next.
  moveState(order, to, 'system', sagaFacts(OrderPaymentStatus.AUTHORIZED));
  await commitOrderChange(tx, agg, 'system', OrderCancelled, (version) => ({
    orderId: order.id,
    number: order.number,
    version,
    customerId: order.customerId ?? null,
    email: order.email ?? null,
    currency: order.currency,
    refundedMinor: '0',
    voidedMinor: '0',
    reason: 'The confirmation did not complete',
    reservationId: null,
    restock: [],
    promotionIds: [],
    usageGivenBack: false,
    loyaltyReversed: false,
  }));
}

/** The orders port of the confirmation steps. */
export function orderWriter(): OrdersPort {
  return {
    create: createOrderFromSnapshot,
    cancel: (tx, orderId) => settle(tx, orderId, OrderState.CANCELLED),
    confirm: (tx, orderId, pointsEarned) => settle(tx, orderId, OrderState.CONFIRMED, pointsEarned),
  };
}
