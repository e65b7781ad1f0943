import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit } from './checkout-kit.js';
import {
  AdminApproveReturnDocument,
  AdminCaptureOrderPaymentDocument,
  AdminCreateFulfillmentDocument,
  AdminDeclineReturnDocument,
  AdminMarkFulfillmentDeliveredDocument,
  AdminMarkFulfillmentShippedDocument,
  AdminReceiveReturnDocument,
  AdminRefundOrderDocument,
  AdminVoidOrderPaymentDocument,
  AdminWarehousesDocument,
  OrderLifecycleDocument,
  RequestReturnDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(60)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(170, 190);

/** Issue 18, items 2 to 4: order → fulfil in two parts → ship with tracking → deliver → return one line → refund it with restock. */
describe('returns and refunds through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const events = async (orderId: string) =>
    stack.subgraphs.order.runtime.orm.em
      .fork()
      .execute<{ name: string; payload: { version: number; [key: string]: unknown } }[]>(
        `select "name", "payload" from "order"."outbox" where "aggregate_id" = ? order by "occurred_at", "id"`,
        [orderId],
      );

  it('returns one delivered line and refunds it with restock; refunds never exceed what was captured', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    await kit.setAvailable(a, 10);
    await kit.setAvailable(b, 10);
    const customer = await kit.customer('returns');
    const preview = await checkout.ready(customer.token, [
      { sku: a, quantity: 1 },
      { sku: b, quantity: 2 },
    ]);
    const confirmed = await checkout.confirm(customer.token, preview);
    expect(confirmed.userErrors).toEqual([]);
    const orderId = confirmed.order!.id;
    const total = BigInt(preview.totals.total.amountMinor);
    const admin = await kit.admin();
    const warehouseId = (await stack.client.data(AdminWarehousesDocument, {}, { token: admin })).warehouses[0]!.id;
    const placed = (await stack.client.data(OrderLifecycleDocument, { id: orderId }, { token: customer.token })).order!;
    const [lineA, lineB] = [placed.items.find((i) => i.sku === a)!, placed.items.find((i) => i.sku === b)!];
    const returnLine = { orderItemId: lineB.id, quantity: 1 };

    // Nothing delivered yet: nothing can be returned.
    const early = await stack.client.data(
      RequestReturnDocument,
      { input: { orderId, lines: [returnLine], reason: 'too big' } },
      { token: customer.token },
    );
    expect(early.requestReturn.userErrors.map((e) => e.message)).toEqual(['The return window of this order is closed']);

    for (const line of [lineA, lineB]) {
      const packed = await stack.client.data(
        AdminCreateFulfillmentDocument,
        { input: { orderId, warehouseId, lines: [{ orderItemId: line.id, quantity: line.quantity }] } },
        { token: admin },
      );
      const id = packed.createFulfillment.fulfillment!.id;
      const shipped = await stack.client.data(
        AdminMarkFulfillmentShippedDocument,
        { input: { fulfillmentId: id, carrier: 'GHN', trackingNumber: `GHN-${line.sku}` } },
        { token: admin },
      );
      expect(shipped.markFulfillmentShipped.fulfillment!.trackingNumber).toBe(`GHN-${line.sku}`);
      await stack.client.data(AdminMarkFulfillmentDeliveredDocument, { input: { fulfillmentId: id } }, { token: admin });
    }

    // Not more than delivered; then one unit of line B asked back.
    const tooMany = await stack.client.data(
      RequestReturnDocument,
      { input: { orderId, lines: [{ orderItemId: lineB.id, quantity: 3 }], reason: 'too big' } },
      { token: customer.token },
    );
    expect(tooMany.requestReturn.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['input', 'lines', '0'] }),
    ]);
    const stranger = await kit.guest();
    const foreign = await stack.client.request(
      RequestReturnDocument,
      { input: { orderId, lines: [returnLine], reason: 'x' } },
      { token: stranger },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const declinedAsk = await stack.client.data(
      RequestReturnDocument,
      { input: { orderId, lines: [returnLine], reason: 'colour' } },
      { token: customer.token },
    );
    const declined = await stack.client.data(
      AdminDeclineReturnDocument,
      { input: { returnId: declinedAsk.requestReturn.returnRequest!.id, reason: 'worn' } },
      { token: admin },
    );
    expect(declined.declineReturn.order).toMatchObject({ returnStatus: 'NONE' });

    const asked = await stack.client.data(
      RequestReturnDocument,
      { input: { orderId, lines: [returnLine], reason: 'too big' } },
      { token: customer.token },
    );
    expect(asked.requestReturn.userErrors).toEqual([]);
    expect(asked.requestReturn.order).toMatchObject({ returnStatus: 'REQUESTED', status: 'DELIVERED' });
    const returnId = asked.requestReturn.returnRequest!.id;
    const receivedEarly = await stack.client.data(AdminReceiveReturnDocument, { input: { returnId, restock: true } }, { token: admin });
    expect(receivedEarly.receiveReturn.userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
    await stack.client.data(AdminApproveReturnDocument, { input: { returnId } }, { token: admin });
    const received = await stack.client.data(AdminReceiveReturnDocument, { input: { returnId, restock: false } }, { token: admin });
    expect(received.receiveReturn.order).toMatchObject({ returnStatus: 'PARTIALLY_RETURNED' });

    // Refund the returned unit with restock: its paid price per unit plus its share of the tax added on top.
    const paid = (sku: string) => {
      const item = confirmed.order!.items.find((i) => i.sku === sku)!;
      return BigInt(item.lineTotal.amountMinor) - BigInt(item.discount.amountMinor);
    };
    const unit = paid(b) / 2n;
    const expected = unit + (BigInt(confirmed.order!.exclusiveTax.amountMinor) * unit) / (paid(a) + paid(b));
    const refunded = await stack.client.data(
      AdminRefundOrderDocument,
      { input: { orderId, lines: [returnLine], reason: 'returned', restock: true, idempotencyKey: `refund-${orderId}` } },
      { token: admin },
    );
    expect(refunded.refundOrder.userErrors).toEqual([]);
    expect(refunded.refundOrder.order).toMatchObject({
      paymentStatus: 'PARTIALLY_REFUNDED',
      payment: { refunded: { amountMinor: String(expected) } },
    });
    // The same key again: the first outcome, no second refund.
    const again = await stack.client.data(
      AdminRefundOrderDocument,
      { input: { orderId, lines: [returnLine], reason: 'returned', restock: true, idempotencyKey: `refund-${orderId}` } },
      { token: admin },
    );
    expect(again.refundOrder.order!.payment!.refunded.amountMinor).toBe(String(expected));
    // Refund ≤ captured − refunded.
    const over = await stack.client.data(
      AdminRefundOrderDocument,
      { input: { orderId, amountMinor: String(total - expected + 1n), reason: 'goodwill' } },
      { token: admin },
    );
    expect(over.refundOrder.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'amountMinor'] })]);
    // Two refunds racing for what is left: each alone would fit, both together would not; one wins.
    const left = total - expected;
    const half = left / 2n + 1n;
    const raced = await Promise.all(
      ['race-1', 'race-2'].map(
        async (reason) =>
          (await stack.client.data(AdminRefundOrderDocument, { input: { orderId, amountMinor: String(half), reason } }, { token: admin }))
            .refundOrder,
      ),
    );
    expect(raced.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(raced.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['INVALID_INPUT']);
    // Captured in full at confirmation: nothing left to capture or void.
    const capture = await stack.client.data(AdminCaptureOrderPaymentDocument, { input: { orderId } }, { token: admin });
    expect(capture.captureOrderPayment.userErrors.map((e) => e.message)).toEqual(['Nothing is authorized to capture']);
    const voided = await stack.client.data(AdminVoidOrderPaymentDocument, { input: { orderId } }, { token: admin });
    expect(voided.voidOrderPayment.userErrors.map((e) => e.message)).toEqual(['Nothing is authorized to void']);
    const shopperRefund = await stack.client.request(
      AdminRefundOrderDocument,
      { input: { orderId, amountMinor: '1' } },
      { token: customer.token },
    );
    expect(shopperRefund.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const sim = await checkout.simPayments(confirmed.order!.payment!.id);
    expect(sim).toEqual([expect.objectContaining({ captured: String(total), refunded: String(expected + half) })]);

    const written = await events(orderId);
    expect(written.map((e) => e.payload.version)).toEqual(written.map((_, i) => i + 1));
    expect(written.map((e) => e.name).slice(-8)).toEqual([
      'order.delivered',
      'order.return-requested',
      'order.return-declined',
      'order.return-requested',
      'order.return-approved',
      'order.return-received',
      'order.refunded',
      'order.refunded',
    ]);
    expect(written.at(-3)!.payload).toMatchObject({ lines: [{ sku: b, quantity: 1 }], restock: [] });
    expect(written.at(-2)!.payload).toMatchObject({
      amountMinor: String(expected),
      reason: 'returned',
      restock: [{ sku: b, quantity: 1, warehouseId: null }],
    });
  });
});
