import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { completeDueOrders } from '@shopgraph/order/order-completion';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit } from './checkout-kit.js';
import {
  AdminCancelFulfillmentDocument,
  AdminCreateFulfillmentDocument,
  AdminMarkFulfillmentDeliveredDocument,
  AdminMarkFulfillmentShippedDocument,
  AdminPromotionUsageDocument,
  AdminWarehousesDocument,
  CancelOrderDocument,
  OrderLifecycleDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(60)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(150, 170);

/** An outbox row of the order subgraph, as consumers will receive it. */
interface OutboxRow {
  name: string;
  payload: { version: number; [key: string]: unknown };
}

/** Issue 18, items 1 to 3: the order's state, fulfilment through the gateway, and cancelling before shipment. */
describe('order lifecycle through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;
  let warehouseId: string;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
    const warehouses = await stack.client.data(AdminWarehousesDocument, {}, { token: await kit.admin() });
    warehouseId = warehouses.warehouses[0]!.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The order subgraph's outbox rows of one order, in the order they were written. */
  const events = async (orderId: string): Promise<OutboxRow[]> =>
    stack.subgraphs.order.runtime.orm.em
      .fork()
      .execute<OutboxRow[]>(`select "name", "payload" from "order"."outbox" where "aggregate_id" = ? order by "occurred_at", "id"`, [
        orderId,
      ]);

  const read = async (orderId: string, token: string) =>
    (await stack.client.data(OrderLifecycleDocument, { id: orderId }, { token })).order!;

  /** A customer's paid order of `lines` (each SKU stocked first). */
  async function paidOrder(lines: { sku: string; quantity: number }[], codes?: string[]) {
    for (const line of lines) await kit.setAvailable(line.sku, 10);
    const customer = await kit.customer('lifecycle');
    const preview = await checkout.ready(customer.token, lines, codes ? { codes } : {});
    const confirmed = await checkout.confirm(customer.token, preview);
    expect(confirmed.userErrors).toEqual([]);
    return { customer, order: confirmed.order!, total: preview.totals.total.amountMinor };
  }

  it('fulfils in two parts, ships with tracking and delivers; every change is one event with version + 1', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    const { customer, order } = await paidOrder([
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);
    const admin = await kit.admin();
    const placed = await read(order.id, customer.token);
    expect(placed).toMatchObject({
      state: 'CONFIRMED',
      status: 'CONFIRMED',
      paymentStatus: 'PAID',
      fulfillmentStatus: 'UNFULFILLED',
      returnStatus: 'NONE',
      version: 2,
      fulfillments: [],
    });
    const [lineA, lineB] = [placed.items.find((i) => i.sku === a)!, placed.items.find((i) => i.sku === b)!];
    const create = async (lines: { orderItemId: string; quantity: number }[], extra: { carrier?: string; trackingNumber?: string } = {}) =>
      (
        await stack.client.data(
          AdminCreateFulfillmentDocument,
          { input: { orderId: order.id, lines, warehouseId, ...extra } },
          { token: admin },
        )
      ).createFulfillment;

    const nowhere = await stack.client.data(
      AdminCreateFulfillmentDocument,
      { input: { orderId: order.id, lines: [{ orderItemId: lineA.id, quantity: 1 }], warehouseId: randomUUID() } },
      { token: admin },
    );
    expect(nowhere.createFulfillment.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'warehouseId'] })]);
    // The guard: fulfil ≤ ordered − cancelled − fulfilled; a refusal changes nothing.
    const tooMany = await create([{ orderItemId: lineA.id, quantity: 3 }]);
    expect(tooMany.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['input', 'lines', '0'] })]);
    const shopperTry = await stack.client.request(
      AdminCreateFulfillmentDocument,
      { input: { orderId: order.id, lines: [{ orderItemId: lineA.id, quantity: 1 }], warehouseId } },
      { token: customer.token },
    );
    expect(shopperTry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await read(order.id, customer.token)).version).toBe(2);

    const first = await create([{ orderItemId: lineA.id, quantity: 2 }]);
    expect(first.userErrors).toEqual([]);
    expect(first.order).toMatchObject({ status: 'PROCESSING', fulfillmentStatus: 'PARTIALLY_FULFILLED', version: 3 });
    expect((await create([{ orderItemId: lineA.id, quantity: 1 }])).userErrors[0]?.message).toBe(
      'Only 0 units of this line remain to fulfil',
    );
    const second = await create([{ orderItemId: lineB.id, quantity: 1 }], { carrier: 'VNPost' });
    expect(second.order).toMatchObject({ status: 'PROCESSING', fulfillmentStatus: 'FULFILLED', version: 4 });

    const ship = async (fulfillmentId: string, trackingNumber: string) =>
      (await stack.client.data(AdminMarkFulfillmentShippedDocument, { input: { fulfillmentId, trackingNumber } }, { token: admin }))
        .markFulfillmentShipped;
    const deliver = async (fulfillmentId: string) =>
      (await stack.client.data(AdminMarkFulfillmentDeliveredDocument, { input: { fulfillmentId } }, { token: admin }))
        .markFulfillmentDelivered;

    const shipped = await ship(first.fulfillment!.id, 'VN-TRACK-1');
    expect(shipped.fulfillment).toMatchObject({ status: 'SHIPPED', trackingNumber: 'VN-TRACK-1' });
    expect(shipped.order).toMatchObject({ status: 'PROCESSING', fulfillmentStatus: 'PARTIALLY_SHIPPED', version: 5 });

    // After the first shipment: no cancel (a return instead), no cancelling a shipped parcel, no second shipment of it.
    const cancel = await stack.client.data(CancelOrderDocument, { input: { orderId: order.id } }, { token: customer.token });
    expect(cancel.cancelOrder.userErrors).toEqual([
      expect.objectContaining({
        code: 'INVALID_STATUS_TRANSITION',
        message: 'Part of this order has shipped: return it instead of cancelling',
      }),
    ]);
    const unship = await stack.client.data(
      AdminCancelFulfillmentDocument,
      { input: { fulfillmentId: first.fulfillment!.id, restock: true } },
      { token: admin },
    );
    expect(unship.cancelFulfillment.userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
    expect((await ship(first.fulfillment!.id, 'again')).userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);

    expect((await ship(second.fulfillment!.id, 'VN-TRACK-2')).order).toMatchObject({
      status: 'SHIPPED',
      fulfillmentStatus: 'SHIPPED',
      version: 6,
    });
    expect((await deliver(first.fulfillment!.id)).order).toMatchObject({
      status: 'SHIPPED',
      fulfillmentStatus: 'PARTIALLY_DELIVERED',
      version: 7,
    });
    expect((await deliver(second.fulfillment!.id)).order).toMatchObject({
      status: 'DELIVERED',
      fulfillmentStatus: 'DELIVERED',
      version: 8,
    });

    const seen = await read(order.id, customer.token);
    expect(seen).toMatchObject({ state: 'CONFIRMED', status: 'DELIVERED', paymentStatus: 'PAID', returnStatus: 'NONE', version: 8 });
    expect(seen.fulfillments.map((f) => [f.status, f.carrier, f.trackingNumber, f.lines.map((l) => [l.sku, l.quantity])])).toEqual([
      ['DELIVERED', null, 'VN-TRACK-1', [[a, 2]]],
      ['DELIVERED', 'VNPost', 'VN-TRACK-2', [[b, 1]]],
    ]);
    expect(seen.statusHistory.map((s) => s.status)).toEqual(['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED']);

    const written = await events(order.id);
    expect(written.map((e) => [e.name, e.payload.version])).toEqual([
      ['order.created', 1],
      ['order.confirmed', 2],
      ['order.fulfilment-created', 3],
      ['order.fulfilment-created', 4],
      ['order.fulfilment-shipped', 5],
      ['order.fulfilment-shipped', 6],
      ['order.delivered', 7],
      ['order.delivered', 8],
    ]);
    expect(written[4]!.payload).toMatchObject({ trackingNumber: 'VN-TRACK-1', lines: [{ sku: a, quantity: 2 }] });

    // Completed once the return window (30 days by default) closed, and only then; never left afterwards.
    const em = () => stack.subgraphs.order.runtime.orm.em.fork();
    const day = 86_400_000;
    expect(await completeDueOrders(em(), 30, new Date(Date.now() + 29 * day))).toBe(0);
    expect(await completeDueOrders(em(), 30, new Date(Date.now() + 31 * day))).toBe(1);
    expect(await completeDueOrders(em(), 30, new Date(Date.now() + 31 * day))).toBe(0);
    expect(await read(order.id, customer.token)).toMatchObject({ state: 'COMPLETED', status: 'DELIVERED', version: 9 });
    expect((await events(order.id)).at(-1)).toMatchObject({ name: 'order.completed', payload: { version: 9 } });
    expect(written[7]!.payload).toMatchObject({
      customerId: customer.id,
      email: customer.email,
      lines: expect.arrayContaining([expect.objectContaining({ sku: a, quantity: 2 }), expect.objectContaining({ sku: b, quantity: 1 })]),
    });
  });

  it('cancels before the first shipment: refunded at the provider once, packed parcels given up, usage back, restock published', async () => {
    const sku = skus[2]!;
    const { campaignId, code } = await kit.coupon('Lifecycle 10 percent', 1000, 'LIFE');
    const admin = await kit.admin();
    const usage = async () =>
      (await stack.client.data(AdminPromotionUsageDocument, { campaignId }, { token: admin })).promotionUsageReport!.usageCount;
    const { customer, order, total } = await paidOrder([{ sku, quantity: 3 }], [code]);
    expect(await usage()).toBe(1);
    const placed = await read(order.id, customer.token);
    const packed = await stack.client.data(
      AdminCreateFulfillmentDocument,
      { input: { orderId: order.id, lines: [{ orderItemId: placed.items[0]!.id, quantity: 1 }], warehouseId } },
      { token: admin },
    );
    expect(packed.createFulfillment.order).toMatchObject({ fulfillmentStatus: 'PARTIALLY_FULFILLED', version: 3 });

    const cancelled = await stack.client.data(
      CancelOrderDocument,
      { input: { orderId: order.id, reason: 'changed my mind' } },
      { token: customer.token },
    );
    expect(cancelled.cancelOrder.userErrors).toEqual([]);
    expect(cancelled.cancelOrder.order).toMatchObject({ status: 'CANCELLED', state: 'CANCELLED', paymentStatus: 'REFUNDED', version: 4 });

    // Asking again changes nothing: the same order back, no second refund, no new event.
    const again = await stack.client.data(CancelOrderDocument, { input: { orderId: order.id } }, { token: customer.token });
    expect(again.cancelOrder).toMatchObject({ userErrors: [], order: { state: 'CANCELLED', version: 4 } });

    const after = await read(order.id, customer.token);
    expect(after).toMatchObject({
      status: 'CANCELLED',
      fulfillmentStatus: 'UNFULFILLED',
      payment: { status: 'REFUNDED', captured: { amountMinor: total }, refunded: { amountMinor: total } },
    });
    expect(after.fulfillments.map((f) => f.status)).toEqual(['CANCELLED']);
    const sim = await checkout.simPayments(order.payment!.id);
    expect(sim).toEqual([expect.objectContaining({ captured: total, refunded: total })]);
    expect(await usage()).toBe(0);

    const written = await events(order.id);
    expect(written.map((e) => [e.name, e.payload.version])).toEqual([
      ['order.created', 1],
      ['order.confirmed', 2],
      ['order.fulfilment-created', 3],
      ['order.cancelled', 4],
    ]);
    expect(written[3]!.payload).toMatchObject({
      refundedMinor: total,
      voidedMinor: '0',
      reason: 'changed my mind',
      restock: [{ sku, quantity: 3, warehouseId: null }],
      usageGivenBack: true,
      loyaltyReversed: true,
    });
    expect(written[3]!.payload.reservationId).toEqual(expect.any(String));
  });

  it('never fulfils more than ordered when staff pack the same line in parallel', async () => {
    const { customer, order } = await paidOrder([{ sku: skus[4]!, quantity: 2 }]);
    const admin = await kit.admin();
    const line = (await read(order.id, customer.token)).items[0]!;
    const answers = await Promise.all(
      Array.from(
        { length: 6 },
        async () =>
          (
            await stack.client.data(
              AdminCreateFulfillmentDocument,
              { input: { orderId: order.id, lines: [{ orderItemId: line.id, quantity: 1 }], warehouseId } },
              { token: admin },
            )
          ).createFulfillment,
      ),
    );
    expect(answers.filter((a) => a.userErrors.length === 0)).toHaveLength(2);
    expect(answers.flatMap((a) => a.userErrors.map((e) => e.code))).toEqual(Array(4).fill('INVALID_QUANTITY'));
    expect(await read(order.id, customer.token)).toMatchObject({ fulfillmentStatus: 'FULFILLED', version: 4 });
  });

  it('lets staff with orders:write cancel any order and keeps other shoppers out', async () => {
    const { order, total } = await paidOrder([{ sku: skus[3]!, quantity: 1 }]);
    const stranger = await kit.guest();
    const denied = await stack.client.request(CancelOrderDocument, { input: { orderId: order.id } }, { token: stranger });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byStaff = await stack.client.data(CancelOrderDocument, { input: { orderId: order.id } }, { token: await kit.admin() });
    expect(byStaff.cancelOrder).toMatchObject({ userErrors: [], order: { state: 'CANCELLED', paymentStatus: 'REFUNDED' } });
    expect(await checkout.simPayments(order.payment!.id)).toEqual([expect.objectContaining({ refunded: total })]);
  });
});
