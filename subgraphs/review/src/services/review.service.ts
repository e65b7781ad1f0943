import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '@shopgraph/subgraph';
import { averageRating } from '../domain/rating.js';
import { Review, ReviewStatus } from '../entities/index.js';

interface TimeCursor {
  t: string;
  i: string;
}
const isTimeCursor = (v: unknown): v is TimeCursor =>
  typeof v === 'object' && v !== null && typeof (v as TimeCursor).t === 'string' && typeof (v as TimeCursor).i === 'string';

/** Approved reviews of a product, newest first, keyset-paginated. */
export async function approvedReviews(em: EntityManager, productId: string, first: number, after?: string) {
  const base = { productId, status: ReviewStatus.APPROVED };
  let where: object = base;
  if (after) {
    const c = decodeCursor(after, isTimeCursor);
    const t = new Date(c.t);
    where = { ...base, $or: [{ createdAt: { $lt: t } }, { createdAt: t, id: { $gt: c.i } }] };
  }
  const [rows, totalCount] = await Promise.all([
    em.find(Review, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: first + 1 }),
    em.count(Review, base),
  ]);
  return {
    items: rows.slice(0, first).map((review) => ({ cursor: encodeCursor({ t: review.createdAt.toISOString(), i: review.id }), review })),
    hasNextPage: rows.length > first,
    totalCount,
  };
}

/** Rating summaries of many products from one aggregate query. */
export async function ratingSummaries(em: EntityManager, productIds: readonly string[]) {
  const placeholders = productIds.map(() => '?').join(', ');
  const rows = await em.execute<{ product_id: string; total: string; count: string }[]>(
    `select product_id, sum(rating) as total, count(*) as count from review.review
     where status = 'APPROVED' and product_id in (${placeholders}) group by product_id`,
    [...productIds],
  );
  const byId = new Map(rows.map((r) => [r.product_id, r]));
  return productIds.map((id) => {
    const r = byId.get(id);
    const count = r ? Number(r.count) : 0;
    return { count, average: averageRating(r ? Number(r.total) : 0, count) };
  });
}

/** Reviews by id, in one query. */
export function reviewsByIds(em: EntityManager, ids: readonly string[]): Promise<Review[]> {
  return em.find(Review, { id: { $in: [...ids] } });
}
