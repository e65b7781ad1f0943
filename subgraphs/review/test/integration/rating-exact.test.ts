import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PreparedSql, openDatabase } from '@shopgraph/db';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import fc from 'fast-check';
import type { ReviewPolicy } from '../../src/config.js';
import { definition } from '../../src/definition.js';
import { ModerationReason, ReviewStatus } from '../../src/domain/moderation.js';
import { reportReview } from '../../src/services/feedback.service.js';
import { moderateReview } from '../../src/services/moderation.service.js';
import { createReview, deleteReview, updateReview } from '../../src/services/review.service.js';
import { recordPurchases } from '../../src/store/purchase.sql.js';

let db: TestDatabase;
let orm: MikroORM;
const policy: ReviewPolicy = {
  requireVerifiedPurchase: false,
  write: { max: 1_000_000, windowSeconds: 3600 },
  report: { max: 1_000_000, windowSeconds: 3600 },
  reportHideThreshold: 2,
};

beforeAll(async () => {
  db = await freshDatabase('review_rating');
  orm = (await openDatabase({
    url: db.url,
    schema: 'review',
    entities: definition.entities,
    migrations: definition.migrations,
  })) as MikroORM;
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const sql = () => PreparedSql.of(orm.em.fork());

/** Stored ratings against a recount from the review rows, for `productIds`; equal when kept exact. */
async function storedAndRecounted(productIds: string[]) {
  const pool = await sql();
  const stored = await pool.rows<{ product_id: string; count: number; sum: number; h: number[] }>(
    'test.stored',
    `select product_id, count, sum, array[hist_1, hist_2, hist_3, hist_4, hist_5] as h from review.product_rating where product_id = any($1::uuid[])`,
    [productIds],
    { prepare: false },
  );
  const counted = await pool.rows<{ product_id: string; rating: number; status: string }>(
    'test.rows',
    `select product_id, rating, status from review.review where product_id = any($1::uuid[])`,
    [productIds],
    { prepare: false },
  );
  const of = (id: string) => {
    const approved = counted.filter((r) => r.product_id === id && r.status === ReviewStatus.APPROVED);
    const row = stored.find((r) => r.product_id === id);
    return {
      stored: row ? { count: row.count, sum: row.sum, h: row.h } : { count: 0, sum: 0, h: [0, 0, 0, 0, 0] },
      recounted: {
        count: approved.length,
        sum: approved.reduce((a, r) => a + r.rating, 0),
        h: [1, 2, 3, 4, 5].map((stars) => approved.filter((r) => r.rating === stars).length),
      },
    };
  };
  return productIds.map(of);
}

const text = () => `Used it daily, verdict number ${randomUUID()}.`;

type Op =
  | { kind: 'create'; c: number; p: number; rating: number }
  | { kind: 'edit'; c: number; p: number; rating: number }
  | { kind: 'approve' | 'reject' | 'delete' | 'report'; c: number; p: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), c: fc.nat(7), p: fc.nat(2), rating: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('edit' as const), c: fc.nat(7), p: fc.nat(2), rating: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constantFrom('approve' as const, 'reject' as const, 'delete' as const, 'report' as const),
    c: fc.nat(7),
    p: fc.nat(2),
  }),
);

/** Issue 19: the stored rating is never a running average; it equals a recount after every change. */
describe('ratings kept exact', () => {
  it('after 1,000 random writes, edits, approvals, rejections, reports and deletions, every stored rating equals a recount, at every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1000, maxLength: 1000 }), async (ops) => {
        const products = [randomUUID(), randomUUID(), randomUUID()];
        const customers = Array.from({ length: 8 }, () => randomUUID());
        // Half the customers received every product: their clean reviews are published by the automatic rules.
        await orm.em.fork().transactional(async (tx) => {
          for (const customerId of customers.slice(0, 4)) {
            await recordPurchases(
              PreparedSql.ofTransaction(tx),
              { orderId: randomUUID(), customerId, deliveredAt: new Date() },
              products.map((productId, i) => ({ productId, sku: `SKU-${i}`, quantity: 1 })),
            );
          }
        });
        const ids = new Map<string, string>();
        const staffId = randomUUID();
        for (const [step, o] of ops.entries()) {
          const key = `${o.c}:${o.p}`;
          const em = orm.em.fork();
          const id = ids.get(key);
          if (o.kind === 'create') {
            const result = await createReview(em, policy, customers[o.c]!, {
              productId: products[o.p]!,
              rating: o.rating,
              title: 'Verdict',
              body: text(),
            });
            if (result.review) ids.set(key, result.review.id);
          } else if (id && o.kind === 'edit') {
            await updateReview(em, policy, customers[o.c]!, { id, rating: o.rating, body: text() });
          } else if (id && (o.kind === 'approve' || o.kind === 'reject')) {
            await moderateReview(em, staffId, {
              id,
              decision: o.kind === 'approve' ? 'APPROVE' : 'REJECT',
              reason: ModerationReason.OFF_TOPIC,
            });
          } else if (id && o.kind === 'report') {
            await reportReview(em, policy, customers[(o.c + 1 + step) % 8]!, { reviewId: id, reason: ModerationReason.SPAM });
          } else if (id && o.kind === 'delete') {
            await deleteReview(em, customers[o.c]!, id);
            ids.delete(key);
          }
          for (const { stored, recounted } of await storedAndRecounted(products)) expect(stored).toEqual(recounted);
        }
        // The walk really moved ratings: some reviews are shown at the end.
        const final = await storedAndRecounted(products);
        expect(final.reduce((n, f) => n + f.recounted.count, 0)).toBeGreaterThan(0);
      }),
      { numRuns: 1 },
    );
  });

  it('stays exact under 100 parallel approvals, rejections and edits of one product', async () => {
    const productId = randomUUID();
    const authors = Array.from({ length: 25 }, () => randomUUID());
    const reviewIds: string[] = [];
    for (const [i, customerId] of authors.entries()) {
      const created = await createReview(orm.em.fork(), policy, customerId, {
        productId,
        rating: (i % 5) + 1,
        title: 'Verdict',
        body: text(),
      });
      reviewIds.push(created.review!.id);
    }
    const staffId = randomUUID();
    const work = Array.from({ length: 100 }, (_, i) => {
      const r = i % 25;
      const em = orm.em.fork();
      if (i % 4 === 0) return updateReview(em, policy, authors[r]!, { id: reviewIds[r]!, rating: ((i * 7) % 5) + 1, body: text() });
      if (i % 4 === 3) return moderateReview(em, staffId, { id: reviewIds[r]!, decision: 'REJECT', reason: ModerationReason.SPAM });
      return moderateReview(em, staffId, { id: reviewIds[r]!, decision: 'APPROVE' });
    });
    await Promise.all(work);
    const [result] = await storedAndRecounted([productId]);
    const { stored, recounted } = result!;
    expect(stored).toEqual(recounted);
    expect(recounted.count).toBeGreaterThan(0);
  });
});
