import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { waitFor } from '@shopgraph/saga';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit } from './checkout-kit.js';
import { CancelOrderDocument } from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const sku = demoProducts(60)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .at(171)!;

/** Issue 18 item 4: cancelling a paid order puts its units back on the shelf (the inventory consumer of order.cancelled). */
describe('restock on cancel through the gateway', () => {
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

  it('a paid order of 2 units, cancelled, gives the 2 units back on hand, once', async () => {
    await kit.setAvailable(sku, 10);
    const before = await checkout.stock(sku);
    expect(before.reserved).toBe(0);

    const customer = await kit.customer('restock');
    const preview = await checkout.ready(customer.token, [{ sku, quantity: 2 }]);
    const confirmed = await checkout.confirm(customer.token, preview);
    expect(confirmed.userErrors).toEqual([]);
    // Paid: the reservation was confirmed, so the units left on-hand.
    await waitFor(async () => (await checkout.stock(sku)).onHand === before.onHand - 2);
    expect(await checkout.stock(sku)).toEqual({ onHand: before.onHand - 2, reserved: 0, available: before.available - 2 });

    const cancelled = await stack.client.data(
      CancelOrderDocument,
      { input: { orderId: confirmed.order!.id, reason: 'changed my mind' } },
      { token: customer.token },
    );
    expect(cancelled.cancelOrder.userErrors).toEqual([]);
    expect(cancelled.cancelOrder.order).toMatchObject({ state: 'CANCELLED' });

    // The inventory subgraph consumes order.cancelled: the units come back, and its inbox holds the event.
    await waitFor(async () => (await checkout.stock(sku)).onHand === before.onHand);
    const inventory = stack.subgraphs.inventory.runtime.orm.em.fork();
    const [event] = await stack.subgraphs.order.runtime.orm.em
      .fork()
      .execute<{ id: string }[]>(`select "id" from "order"."outbox" where "aggregate_id" = ? and "name" = 'order.cancelled'`, [
        confirmed.order!.id,
      ]);
    await waitFor(
      async () =>
        (
          await inventory.execute(`select 1 from "inventory"."inbox" where "consumer" = 'inventory.order-events' and "event_id" = ?`, [
            event!.id,
          ])
        ).length === 1,
    );
    expect(await checkout.stock(sku)).toEqual(before);
    const movements = await inventory.execute<{ kind: string; on_hand_delta: number }[]>(
      `select "kind", "on_hand_delta" from "inventory"."stock_movement" where "sku" = ? and "reason" like ?`,
      [sku, `RESTOCK order ${confirmed.order!.id} %`],
    );
    expect(movements.reduce((n, m) => n + m.on_hand_delta, 0)).toBe(2);
    expect(movements.every((m) => m.kind === 'RETURN')).toBe(true);
  });
});
