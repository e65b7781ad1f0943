import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId, demoProducts } from '@shopgraph/demo-data';
import { waitFor } from '@shopgraph/saga';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit } from './checkout-kit.js';
import {
  AdminCreateFulfillmentDocument,
  AdminMarkFulfillmentDeliveredDocument,
  AdminMarkFulfillmentShippedDocument,
  AdminWarehousesDocument,
  CreateReviewDocument,
  OrderLifecycleDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const products = demoProducts(60).slice(40, 42);

/**
 * Issues 18 and 19 together, with nothing published by hand: a paid order fulfilled, shipped and
 * delivered by staff through the gateway reaches the review subgraph as `order.delivered` (outbox,
 * relay, bus, inbox), so the buyer's review of what they received is verified and a review request
 * is scheduled once; a product they did not buy stays unverified.
 */
describe('a delivered order makes its buyer a verified reviewer', () => {
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

  const reviewSql = <T extends object>(query: string, params: unknown[]) =>
    stack.subgraphs.review.runtime.orm.em.fork().execute<T[]>(query, params);

  it('delivers through the lifecycle, then the review of the delivered product is verified and one request is scheduled', async () => {
    const [bought, other] = [products[0]!, products[1]!];
    const sku = bought.variants[0]!.sku;
    await kit.setAvailable(sku, 5);
    const customer = await kit.customer('verified');
    const preview = await checkout.ready(customer.token, [{ sku, quantity: 1 }]);
    const confirmed = await checkout.confirm(customer.token, preview);
    expect(confirmed.userErrors).toEqual([]);
    const orderId = confirmed.order!.id;

    const admin = await kit.admin();
    const warehouseId = (await stack.client.data(AdminWarehousesDocument, {}, { token: admin })).warehouses[0]!.id;
    const order = (await stack.client.data(OrderLifecycleDocument, { id: orderId }, { token: customer.token })).order!;
    const created = (
      await stack.client.data(
        AdminCreateFulfillmentDocument,
        { input: { orderId, lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }], warehouseId } },
        { token: admin },
      )
    ).createFulfillment;
    expect(created.userErrors).toEqual([]);
    const fulfillmentId = created.fulfillment!.id;
    const shipped = await stack.client.data(
      AdminMarkFulfillmentShippedDocument,
      { input: { fulfillmentId, trackingNumber: 'VN-REVIEW-1' } },
      { token: admin },
    );
    expect(shipped.markFulfillmentShipped.userErrors).toEqual([]);
    const delivered = await stack.client.data(AdminMarkFulfillmentDeliveredDocument, { input: { fulfillmentId } }, { token: admin });
    expect(delivered.markFulfillmentDelivered.order).toMatchObject({ status: 'DELIVERED', fulfillmentStatus: 'DELIVERED' });

    // The review subgraph learns of the delivery from the event alone.
    await waitFor(async () => (await reviewSql(`select 1 from "review"."purchase" where "order_id" = ?`, [orderId])).length > 0, 60_000);
    const purchases = await reviewSql<{ customer_id: string; sku: string; quantity: number }>(
      `select "customer_id", "sku", "quantity" from "review"."purchase" where "order_id" = ?`,
      [orderId],
    );
    expect(purchases).toEqual([{ customer_id: customer.id, sku, quantity: 1 }]);
    const requests = await reviewSql<{ status: string; customer_id: string }>(
      `select "status", "customer_id" from "review"."review_request" where "order_id" = ?`,
      [orderId],
    );
    expect(requests).toEqual([{ status: 'SCHEDULED', customer_id: customer.id }]);

    const write = async (productSlug: string) =>
      (
        await stack.client.data(
          CreateReviewDocument,
          {
            input: { productId: demoId('product', productSlug), rating: 4, title: 'Arrived well', body: 'Arrived on time and works well.' },
          },
          { token: customer.token },
        )
      ).createReview;
    const verified = await write(bought.slug);
    expect(verified.userErrors).toEqual([]);
    expect(verified.review).toMatchObject({ verifiedPurchase: true, status: 'APPROVED' });
    const unverified = await write(other.slug);
    expect(unverified.review).toMatchObject({ verifiedPurchase: false });
  });
});
