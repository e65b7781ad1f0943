import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrderDelivered } from '@shopgraph/contracts';
import { PreparedSql, countStatements } from '@shopgraph/db';
import { demoId, demoProducts } from '@shopgraph/demo-data';
import { createEnvelope } from '@shopgraph/events';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AdminModerateReviewDocument,
  CreateReviewDocument,
  DeleteReviewDocument,
  MyReviewsDocument,
  ProductReviewsPageDocument,
  UpdateReviewDocument,
  VoteReviewHelpfulDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

/** Issue 19: reviews through the gateway: verified purchases, ownership, votes and moderation moving the rating exactly. */
describe('reviews through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  // The second demo product: the demo data reviews every third product, starting with the first.
  const product = demoProducts()[1]!;
  const productId = demoId('product', product.slug);

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Publishes the order's delivery as the order subgraph does and waits until the review subgraph applied it. */
  async function deliver(customerId: string, email: string): Promise<void> {
    const orderId = randomUUID();
    const envelope = createEnvelope(OrderDelivered, {
      producer: 'order',
      aggregateId: orderId,
      payload: {
        orderId,
        number: `SG-E2E-${orderId.slice(0, 6)}`,
        version: 6,
        customerId,
        email,
        deliveredAt: new Date().toISOString(),
        lines: [{ sku: product.variants[0]!.sku, productId, quantity: 1 }],
      },
    });
    const review = stack.subgraphs.review.runtime;
    await review.bus!.publish(envelope);
    const sql = await PreparedSql.of(review.orm.em.fork());
    const deadline = Date.now() + 30_000;
    while (!(await sql.row('e2e.inbox', `select 1 from review.inbox where event_id = $1`, [envelope.id], { prepare: false }))) {
      if (Date.now() > deadline) throw new Error('order.delivered was not applied');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const page = async (token?: string) =>
    (await stack.client.data(ProductReviewsPageDocument, { id: productId, first: 10 }, token ? { token } : {})).product!;

  it('verifies a buyer, not a non-buyer; only authors edit or delete; one vote each; moderation moves the rating exactly', async () => {
    const buyer = await kit.customer('review.buyer');
    const stranger = await kit.customer('review.stranger');
    const admin = await kit.admin();
    await deliver(buyer.id, buyer.email);
    const input = (rating: number, title: string) => ({ productId, rating, title, body: `${title}: used it for two weeks now.` });

    const bought = (await stack.client.data(CreateReviewDocument, { input: input(5, 'Exactly as pictured') }, { token: buyer.token }))
      .createReview;
    expect(bought.userErrors).toEqual([]);
    expect(bought.review).toMatchObject({ rating: 5, verifiedPurchase: true, status: 'APPROVED' });
    const unbought = (await stack.client.data(CreateReviewDocument, { input: input(2, 'Not convinced') }, { token: stranger.token }))
      .createReview;
    expect(unbought.review).toMatchObject({ rating: 2, verifiedPurchase: false, status: 'PENDING' });
    const buyerReview = bought.review!.id;
    const strangerReview = unbought.review!.id;

    let shown = await page();
    expect(shown.rating).toMatchObject({ average: 5, count: 1 });
    expect(shown.reviews.edges.map((e) => e.node.id)).toEqual([buyerReview]);

    // Another customer can neither edit nor delete the buyer's review: to them it does not exist.
    const edit = await stack.client.data(UpdateReviewDocument, { input: { id: buyerReview, rating: 1 } }, { token: stranger.token });
    expect(edit.updateReview.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const del = await stack.client.data(DeleteReviewDocument, { input: { id: buyerReview } }, { token: stranger.token });
    expect(del.deleteReview).toMatchObject({ deletedReviewId: null, userErrors: [{ code: 'NOT_FOUND' }] });

    // One helpful vote per customer.
    const first = await stack.client.data(VoteReviewHelpfulDocument, { input: { reviewId: buyerReview } }, { token: stranger.token });
    expect(first.voteReviewHelpful.review).toEqual({ id: buyerReview, helpfulCount: 1 });
    const again = await stack.client.data(VoteReviewHelpfulDocument, { input: { reviewId: buyerReview } }, { token: stranger.token });
    expect(again.voteReviewHelpful.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    expect((await page()).reviews.edges[0]!.node.helpfulCount).toBe(1);

    // Staff approve the stranger's review: 5 and 2 stars.
    const approved = await stack.client.data(
      AdminModerateReviewDocument,
      { input: { id: strangerReview, decision: 'APPROVE' } },
      { token: admin },
    );
    expect(approved.moderateReview.review?.status).toBe('APPROVED');
    shown = await page();
    expect(shown.rating).toEqual({
      average: 3.5,
      count: 2,
      histogram: [1, 2, 3, 4, 5].map((stars) => ({ stars, count: stars === 2 || stars === 5 ? 1 : 0 })),
    });
    // Staff reject the buyer's for its content: only the 2 stars remain.
    const rejected = await stack.client.data(
      AdminModerateReviewDocument,
      { input: { id: buyerReview, decision: 'REJECT', reason: 'OFF_TOPIC' } },
      { token: admin },
    );
    expect(rejected.moderateReview.review).toMatchObject({ status: 'REJECTED', moderationReason: 'OFF_TOPIC' });
    shown = await page();
    expect(shown.rating).toEqual({
      average: 2,
      count: 1,
      histogram: [1, 2, 3, 4, 5].map((stars) => ({ stars, count: stars === 2 ? 1 : 0 })),
    });
    expect(shown.reviews.edges.map((e) => e.node.id)).toEqual([strangerReview]);

    // Customers cannot moderate.
    const byCustomer = await stack.client.request(
      AdminModerateReviewDocument,
      { input: { id: buyerReview, decision: 'APPROVE' } },
      { token: stranger.token },
    );
    expect(byCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The buyer still sees their rejected review, with the reason; the author deletes their own.
    const mine = await stack.client.data(MyReviewsDocument, { first: 10 }, { token: buyer.token });
    expect(mine.me!.reviews.edges.map((e) => [e.node.id, e.node.status])).toEqual([[buyerReview, 'REJECTED']]);
    const own = await stack.client.data(DeleteReviewDocument, { input: { id: strangerReview } }, { token: stranger.token });
    expect(own.deleteReview).toEqual({ deletedReviewId: strangerReview, userErrors: [] });
    expect((await page()).rating).toMatchObject({ average: null, count: 0 });
  });

  it('answers the product page (rating, histogram, first 10 reviews) with one SQL statement in the review subgraph', async () => {
    // The first demo product carries two seeded reviews, counted in its stored rating.
    const seeded = demoId('product', demoProducts()[0]!.slug);
    const requestId = randomUUID();
    const counter = countStatements({ schema: 'review' });
    const response = await stack.client.request(
      ProductReviewsPageDocument,
      { id: seeded, first: 10 },
      { headers: { 'x-request-id': requestId } },
    );
    counter.stop();
    expect(response.errors).toBeUndefined();
    const product = response.data!.product!;
    expect(product.rating.count).toBe(2);
    expect(product.rating.histogram.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(product.reviews.edges).toHaveLength(2);
    expect(counter.statements.filter((s) => s.requestId === requestId)).toHaveLength(1);
  });
});
