import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type StatementCounter, countStatements } from '@shopgraph/db';
import { type ReviewSubgraph, createReview, moderate, startReviewSubgraph } from './harness.js';

let s: ReviewSubgraph;
let counter: StatementCounter;
const products = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  s = await startReviewSubgraph();
  const staff = await s.staff();
  // 12 approved reviews of the first product, 3 of the others.
  for (const [p, productId] of products.entries()) {
    for (let i = 0; i < (p === 0 ? 12 : 3); i++) {
      const created = await createReview(s, (await s.customer()).token, { productId, rating: (i % 5) + 1 });
      await moderate(s, staff, { id: created.review.id, decision: 'APPROVE' });
    }
  }
  counter = countStatements({ schema: 'review' });
});
afterAll(async () => {
  counter?.stop();
  await s?.stop();
  await s?.database.drop();
});

/** What the gateway asks the review subgraph for a product page: rating, histogram and the first 10 reviews. */
const PRODUCT_PAGE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product {
  rating { average count histogram { stars count } }
  reviews(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { id rating title authorName verifiedPurchase helpfulCount createdAt } } }
} } }`;
const TWO_ORDERS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product {
  rating { average count }
  newest: reviews(first: 10) { edges { node { id } } }
  lowest: reviews(first: 3, sort: LOWEST, filter: { rating: 1 }) { totalCount edges { node { rating } } }
} } }`;

/** Posts `query` with its own request id; returns the data and the statements run for that request. */
async function post(query: string, productIds: string[]) {
  const requestId = randomUUID();
  counter.reset();
  const response = await fetch(s.running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ query, variables: { reps: productIds.map((id) => ({ __typename: 'Product', id })) } }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { data: body.data, statements: counter.statements.filter((st) => st.requestId === requestId) };
}

/** Issue 19: a product page (rating, histogram, first 10 reviews) costs the review subgraph one SQL statement. */
describe('product page cost', () => {
  it('answers one product page with one statement', async () => {
    const { data, statements } = await post(PRODUCT_PAGE, [products[0]!]);
    const product = data._entities[0];
    expect(product.rating).toEqual({
      // (3×1 + 3×2 + 2×3 + 2×4 + 2×5) / 12 = 2.75
      average: 2.8,
      count: 12,
      histogram: [1, 2, 3, 4, 5].map((stars) => ({ stars, count: stars <= 2 ? 3 : 2 })),
    });
    expect(product.reviews.totalCount).toBe(12);
    expect(product.reviews.edges).toHaveLength(10);
    expect(product.reviews.pageInfo.hasNextPage).toBe(true);
    expect(statements.map((st) => st.name)).toEqual([expect.stringMatching(/^review\.pages-/)]);
  });

  it('answers three products, and two orders and a filter of each, with one statement', async () => {
    const many = await post(PRODUCT_PAGE, products);
    expect(many.data._entities.map((p: any) => p.reviews.totalCount)).toEqual([12, 3, 3]);
    expect(many.statements).toHaveLength(1);
    const mixed = await post(TWO_ORDERS, products);
    expect(mixed.data._entities[0].lowest).toEqual({
      totalCount: 3,
      edges: [{ node: { rating: 1 } }, { node: { rating: 1 } }, { node: { rating: 1 } }],
    });
    expect(mixed.statements).toHaveLength(1);
  });

  it('pages through every review once, in order, with the cursors of each order', async () => {
    for (const sort of ['NEWEST', 'MOST_HELPFUL', 'HIGHEST', 'LOWEST']) {
      const seen: { id: string; rating: number }[] = [];
      let after: string | null = null;
      do {
        const res: any = await s.call(
          `query($id: ID!, $after: String, $sort: ReviewSort) { reviews(productId: $id, first: 5, after: $after, sort: $sort) { edges { node { id rating } } pageInfo { hasNextPage endCursor } } }`,
          { id: products[0], after, sort },
        );
        seen.push(...res.data.reviews.edges.map((e: any) => e.node));
        after = res.data.reviews.pageInfo.hasNextPage ? res.data.reviews.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen.map((r) => r.id)).size).toBe(12);
      const ratings = seen.map((r) => r.rating);
      if (sort === 'HIGHEST') expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
      if (sort === 'LOWEST') expect(ratings).toEqual([...ratings].sort((a, b) => a - b));
    }
  });
});
