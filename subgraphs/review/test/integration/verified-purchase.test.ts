import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnvelope } from '@shopgraph/events';
import type { ReviewPolicy } from '../../src/config.js';
import { createReview as createReviewService } from '../../src/services/review.service.js';
import { type ReviewSubgraph, createReview, orderEvents, startReviewSubgraph } from './harness.js';

let s: ReviewSubgraph;
beforeAll(async () => {
  s = await startReviewSubgraph();
});
afterAll(async () => {
  await s?.stop();
  await s?.database.drop();
});

const line = (productId: string, quantity = 1) => ({ productId, sku: `SKU-${productId.slice(0, 8)}`, quantity });

async function deliver(customerId: string | null, lines: ReturnType<typeof line>[], orderId = randomUUID()) {
  await s.applied(await s.publish(...orderEvents.delivered({ orderId, customerId, lines })));
  return orderId;
}

async function reviewOf(token: string, id: string) {
  const res = await s.call(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Review { id verifiedPurchase status } } }`,
    { reps: [{ __typename: 'Review', id }] },
    token,
  );
  return res.data!._entities[0];
}

/** Issue 19: verified purchase is answered from the purchases the order events recorded (inbox), not by asking the order subgraph. */
describe('verified purchase', () => {
  it('verifies a delivered product and publishes a clean review at once, whatever its stars', async () => {
    const buyer = await s.customer();
    const [good, bad] = [randomUUID(), randomUUID()];
    await deliver(buyer.id, [line(good), line(bad)]);
    const five = await createReview(s, buyer.token, { productId: good, rating: 5 });
    const one = await createReview(s, buyer.token, { productId: bad, rating: 1 });
    expect(five.review).toMatchObject({ verifiedPurchase: true, status: 'APPROVED' });
    expect(one.review).toMatchObject({ verifiedPurchase: true, status: 'APPROVED' });
  });

  it("leaves a non-buyer's review unverified and pending; another customer's order or a guest's verifies nobody", async () => {
    const buyer = await s.customer();
    const stranger = await s.customer();
    const productId = randomUUID();
    await deliver(buyer.id, [line(productId)]);
    await deliver(null, [line(productId)]);
    const review = await createReview(s, stranger.token, { productId, rating: 4 });
    expect(review.review).toMatchObject({ verifiedPurchase: false, status: 'PENDING' });
  });

  it('marks a review written before the delivery verified once the order arrives, and unverified once it all came back', async () => {
    const buyer = await s.customer();
    const productId = randomUUID();
    const id = (await createReview(s, buyer.token, { productId, rating: 3 })).review.id;
    expect((await reviewOf(buyer.token, id)).verifiedPurchase).toBe(false);
    const orderId = await deliver(buyer.id, [line(productId, 2)]);
    expect((await reviewOf(buyer.token, id)).verifiedPurchase).toBe(true);

    // One unit back, twice the same event (at-least-once delivery): counted once, one unit still kept.
    const [descriptor, aggregateId, payload] = orderEvents.returned({ orderId, customerId: buyer.id, lines: [line(productId, 1)] });
    const envelope = createEnvelope(descriptor, { producer: 'order', aggregateId, payload });
    await s.running.runtime.bus!.publish(envelope);
    await s.running.runtime.bus!.publish(envelope);
    await s.applied(envelope.id);
    await s.settled();
    expect(await s.rows(`select quantity, returned_quantity from review.purchase where order_id = $1`, [orderId])).toEqual([
      { quantity: 2, returned_quantity: 1 },
    ]);
    expect((await reviewOf(buyer.token, id)).verifiedPurchase).toBe(true);

    await s.applied(await s.publish(...orderEvents.returned({ orderId, customerId: buyer.id, lines: [line(productId, 1)] })));
    expect((await reviewOf(buyer.token, id)).verifiedPurchase).toBe(false);
  });

  it('refuses a non-buyer when the setting requires a verified purchase, and accepts the buyer', async () => {
    const policy: ReviewPolicy = {
      requireVerifiedPurchase: true,
      write: { max: 10, windowSeconds: 3600 },
      report: { max: 10, windowSeconds: 3600 },
      reportHideThreshold: 3,
    };
    const buyer = await s.customer();
    const productId = randomUUID();
    await deliver(buyer.id, [line(productId)]);
    const input = { productId, rating: 2, title: 'Not for me', body: 'Returned the colour I did not like.' };
    const stranger = await createReviewService(s.running.runtime.orm.em.fork(), policy, randomUUID(), input);
    expect(stranger).toEqual({
      review: null,
      userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'productId'] })],
    });
    const bought = await createReviewService(s.running.runtime.orm.em.fork(), policy, buyer.id, input);
    expect(bought.review).toMatchObject({ verifiedPurchase: true, status: 'APPROVED' });
  });
});
