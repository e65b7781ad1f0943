import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { waitFor } from '@shopgraph/saga';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit } from './checkout-kit.js';
import { CancelOrderDocument, MyOrderHistoryDocument, type MyOrderHistoryQuery } from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(60)
  .slice(44, 46)
  .map((p) => p.variants[0]!.sku);

/**
 * Issue 18 item 4, with nothing published by hand: orders paid and cancelled through the gateway
 * reach the customer subgraph as `order.confirmed` and `order.cancelled` (outbox, relay, bus,
 * inbox), and the customer's order history, lifetime value and segment follow.
 */
describe("a customer's order history comes from their real orders", () => {
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

  it('two paid orders count, then cancelling one leaves one order worth the kept total', async () => {
    for (const sku of skus) await kit.setAvailable(sku, 10);
    const customer = await kit.customer('history');
    const history = async (): Promise<NonNullable<MyOrderHistoryQuery['me']>> =>
      (await stack.client.data(MyOrderHistoryDocument, {}, { token: customer.token })).me!;
    expect((await history()).orderHistory).toMatchObject({ ordersCount: 0, lastOrderAt: null });

    const orders = [];
    for (const sku of skus) {
      const preview = await checkout.ready(customer.token, [{ sku, quantity: 1 }]);
      const confirmed = await checkout.confirm(customer.token, preview);
      expect(confirmed.userErrors).toEqual([]);
      orders.push({ id: confirmed.order!.id, total: preview.totals.total });
    }
    const [kept, cancelled] = [orders[0]!, orders[1]!];
    const both = BigInt(kept.total.amountMinor) + BigInt(cancelled.total.amountMinor);

    await waitFor(async () => (await history()).orderHistory.ordersCount === 2, 60_000);
    const paid = await history();
    expect(paid.orderHistory.lifetimeValue).toEqual({ amountMinor: String(both), currencyCode: kept.total.currencyCode });
    expect(paid.orderHistory.lastOrderAt).not.toBeNull();
    expect(paid.segments).toContain('RETURNING');

    const cancel = await stack.client.data(CancelOrderDocument, { input: { orderId: cancelled.id } }, { token: customer.token });
    expect(cancel.cancelOrder.userErrors).toEqual([]);
    expect(cancel.cancelOrder.order).toMatchObject({ state: 'CANCELLED' });

    await waitFor(async () => (await history()).orderHistory.ordersCount === 1, 60_000);
    const after = await history();
    expect(after.orderHistory.lifetimeValue).toEqual({
      amountMinor: String(kept.total.amountMinor),
      currencyCode: kept.total.currencyCode,
    });
    expect(after.segments).toEqual(['NEW']);
  });
});
