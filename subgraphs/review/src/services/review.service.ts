import type { EntityManager } from '@mikro-orm/postgresql';
import { newestFirstPage } from '@shopgraph/subgraph';
import { averageRating } from '../domain/rating.js';
import { Review, ReviewStatus } from '../entities/index.js';

/** Approved reviews of a product, newest first, keyset-paginated. */
export async function approvedReviews(em: EntityManager, productId: string, first: number, after?: string) {
  const page = await newestFirstPage(em, Review, { productId, status: ReviewStatus.APPROVED }, first, after);
  return { ...page, items: page.items.map(({ cursor, row }) => ({ cursor, review: row })) };
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
