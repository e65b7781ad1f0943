import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { PreparedSql } from '@shopgraph/db';
import { UserErrorCode } from '@shopgraph/errors';
import { type EventDescriptor, recordEvent } from '@shopgraph/events';
import { type FulfilmentLineFact, FulfilmentState, type LineProgress, fulfillmentStatusOf, lineProgress } from '../domain/fulfilment.js';
import { type Actor, type OrderFacts, OrderState, displayStatusOf, ORDER_PROCESS } from '../domain/order-process.js';
import { type OrderMoney, orderMoney, paymentStatusOf } from '../domain/payment-status.js';
import { reversalRule } from '../domain/refund.js';
import { returnStatusOf, returnWindowOpen } from '../domain/return-policy.js';
import { CheckoutSession, type Fulfilment, Order, type OrderItem, Refund, type ReturnRequest } from '../entities/index.js';
import { OrderCancelled, type OrderEventLine } from '../events/order.events.js';
import type { CancelInput, CancelPlan, LedgerState, Refusal } from '../steps/ports.js';
import { type PaymentView, paymentsOfOrders } from '../store/payment.sql.js';
import { ledgerStateOf } from './payment-ledger.service.js';
import { recordStatus } from './order-status.service.js';
import { fulfilmentsOfOrders, itemsOfOrders, returnsOfOrders } from './order.service.js';

/** An order with every row its derived statuses come from. */
export interface OrderAggregate {
  order: Order;
  items: OrderItem[];
  fulfilments: Fulfilment[];
  returns: ReturnRequest[];
  payments: { payment: PaymentView; state: LedgerState }[];
}

/** The derived view of an aggregate: statuses, money, per-line progress and the guards' facts. */
export interface OrderDerived {
  facts: OrderFacts;
  money: OrderMoney;
  progress: Map<string, LineProgress>;
}

/** The fulfilment lines of fulfilments, with their fulfilment's state. */
export const lineFactsOf = (fulfilments: readonly Fulfilment[]): FulfilmentLineFact[] =>
  fulfilments.flatMap((f) => f.lines.getItems().map((l) => ({ orderItemId: l.orderItem.id, quantity: l.quantity, state: f.state })));

/**
 * Loads an order with its items, fulfilments (and lines), return requests and payments in the
 * caller's transaction, the order row locked so changes to one order are serialised. Null if absent.
 */
export async function loadOrderAggregate(tx: EntityManager, orderId: string): Promise<OrderAggregate | null> {
  const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order) return null;
  const items = await itemsOfOrders(tx, [orderId]);
  const fulfilments = await fulfilmentsOfOrders(tx, [orderId]);
  const returns = await returnsOfOrders(tx, [orderId]);
  const payments = await paymentsOfOrders(PreparedSql.ofTransaction(tx), [orderId]);
  return {
    order,
    items,
    fulfilments,
    returns,
    payments: payments.map(({ payment, events }) => ({ payment, state: ledgerStateOf(payment, events) })),
  };
}

/** Derives statuses, money and line progress from the rows of an aggregate. */
export function deriveOrder(
  agg: Pick<OrderAggregate, 'order' | 'items' | 'fulfilments' | 'returns' | 'payments'>,
  returnWindowDays: number,
  now = new Date(),
): OrderDerived {
  const lines = lineFactsOf(agg.fulfilments);
  const progress = lineProgress(agg.items, lines);
  const delivered = [...progress.values()].reduce((n, p) => n + p.delivered, 0);
  const payments = agg.payments.map((p) => p.state);
  return {
    progress,
    money: orderMoney(payments),
    facts: {
      fulfillment: fulfillmentStatusOf(agg.items, lines),
      payment: paymentStatusOf(payments, agg.order.totalMinor),
      returns: returnStatusOf(agg.returns, delivered),
      returnWindowOpen: returnWindowOpen(agg.order.deliveredAt ?? null, returnWindowDays, now),
    },
  };
}

/** The event lines (SKU, product, units) of order lines and units. */
export function eventLines(items: readonly OrderItem[], lines: readonly { orderItemId: string; quantity: number }[]): OrderEventLine[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return lines.map((l) => ({ sku: byId.get(l.orderItemId)!.sku, productId: byId.get(l.orderItemId)!.productId, quantity: l.quantity }));
}

/** Moves the order's state in the caller's transaction, refused (TransitionError) unless the table and its guards allow it. */
export function moveState(order: Order, to: OrderState, actor: Actor, facts: OrderFacts): void {
  ORDER_PROCESS.assert(order.state, to, actor, facts);
  order.state = to;
}

/**
 * Ends a change of an order in the caller's transaction: the version grows by one, the display
 * status is recomputed (a new one is recorded and announced), and the one event of the change is
 * written to the outbox with the new version.
 */
export async function commitOrderChange<Payload extends { version: number }>(
  tx: EntityManager,
  agg: Pick<OrderAggregate, 'order' | 'items' | 'fulfilments'>,
  actor: Actor,
  event: EventDescriptor<Payload>,
  payload: (version: number) => Payload,
): Promise<void> {
  const { order } = agg;
  order.version += 1;
  const display = displayStatusOf(order.state, fulfillmentStatusOf(agg.items, lineFactsOf(agg.fulfilments)));
  if (display !== order.status) await recordStatus(tx, order, display, actor);
  else await tx.flush();
  await recordEvent(tx, event, { aggregateId: order.id, schema: 'order', payload: payload(order.version) });
}

/**
 * The cancellation's decision, in the caller's transaction: refused unless the state machine lets
 * `actor` cancel now (nothing shipped, not terminal). Otherwise the order becomes CANCELLED, packed
 * fulfilments are given up, the money back is recorded as a refund of kind CANCEL, and
 * `order.cancelled` is written with what consumers must do. Returns the plan of what to give back.
 */
export async function cancelInTransaction(tx: EntityManager, input: CancelInput, returnWindowDays: number): Promise<CancelPlan | Refusal> {
  const field = ['input', 'orderId'];
  const agg = await loadOrderAggregate(tx, input.orderId);
  if (!agg) return { code: UserErrorCode.NOT_FOUND, message: 'No such order', field };
  const { order } = agg;
  const { facts } = deriveOrder(agg, returnWindowDays);
  const refusal = ORDER_PROCESS.refusal(order.state, OrderState.CANCELLED, input.actor, facts);
  if (refusal) return { code: UserErrorCode.INVALID_STATUS_TRANSITION, message: refusal, field };

  const holding = agg.payments.find((p) => p.state.authorized > 0n || p.state.charged > p.state.refunded);
  const voidMinor = holding?.state.authorized ?? 0n;
  const refundMinor = holding ? holding.state.charged - holding.state.refunded : 0n;
  const session = order.checkoutSessionId ? await tx.findOne(CheckoutSession, { id: order.checkoutSessionId }) : null;
  // A confirmed order's units left on-hand when its reservation was confirmed: inventory restocks them.
  const restock = order.state === OrderState.CONFIRMED ? remainingLines(agg.items) : [];
  const rule = reversalRule('CANCEL');

  moveState(order, OrderState.CANCELLED, input.actor, facts);
  for (const f of agg.fulfilments) {
    if (f.state !== FulfilmentState.PENDING) continue;
    f.state = FulfilmentState.CANCELLED;
    f.cancelledAt = new Date();
    f.restocked = true;
  }
  tx.create(Refund, {
    order,
    kind: 'CANCEL',
    amountMinor: refundMinor,
    voidedMinor: voidMinor,
    reason: input.reason,
    lines: restock.map(({ orderItemId, quantity }) => ({ orderItemId, quantity })),
    restock: restock.length > 0,
  });
  await commitOrderChange(tx, agg, input.actor, OrderCancelled, (version) => ({
    orderId: order.id,
    number: order.number,
    version,
    customerId: order.customerId ?? null,
    email: order.email ?? null,
    currency: order.currency,
    refundedMinor: String(refundMinor),
    voidedMinor: String(voidMinor),
    reason: input.reason,
    reservationId: restock.length > 0 ? (session?.reservationId ?? null) : null,
    restock: restock.map(({ sku, productId, quantity }) => ({ sku, productId, quantity, warehouseId: null })),
    promotionIds: order.discounts.flatMap((d) => (d.promotionId ? [d.promotionId] : [])),
    usageGivenBack: rule.giveUsageBack,
    loyaltyReversed: rule.reverseLoyalty && order.customerId != null,
  }));
  return {
    orderId: order.id,
    customerId: order.customerId ?? null,
    paymentId: holding?.payment.id ?? null,
    pspReference: holding?.state.pspReference ?? null,
    currency: order.currency,
    voidMinor: String(voidMinor),
    refundMinor: String(refundMinor),
    giveUsageBack: rule.giveUsageBack,
    reverseLoyalty: rule.reverseLoyalty,
  };
}

/** Each line's units not cancelled before, as event lines with their order item. */
function remainingLines(items: readonly OrderItem[]) {
  return items
    .filter((i) => i.quantity > i.cancelledQuantity)
    .map((i) => ({ orderItemId: i.id, sku: i.sku, productId: i.productId, quantity: i.quantity - i.cancelledQuantity }));
}
