import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { demoId, demoProducts } from '@shopgraph/demo-data';
import { ratingDelta } from './domain/rating.js';
import { applyRatingDelta, insertImportedReview } from './store/review.sql.js';

const AUTHORS = ['Linh', 'Minh', 'Anna', 'Tom', 'Hoa'];

/** Seeds a few approved reviews on every third demo product, with their ratings, once. */
export async function seedReviews(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const sql = PreparedSql.ofTransaction(tx);
    if (await sql.row('review.seed-any', `select 1 from "review"."review" limit 1`, [])) return;
    const products = demoProducts();
    for (const [i, p] of products.entries()) {
      if (i % 3 !== 0) continue;
      for (let k = 0; k < 2; k++) {
        const review = await insertImportedReview(sql, {
          productId: demoId('product', p.slug),
          authorName: AUTHORS[(i + k) % AUTHORS.length]!,
          rating: 3 + ((i + k) % 3),
          title: k === 0 ? 'Does what it says' : 'Good value',
          body: `Bought the ${p.name.toLowerCase()} last month and it holds up well.`,
          verifiedPurchase: true,
          createdAt: new Date(Date.UTC(2026, 10, 1 + ((i + k) % 28))),
        });
        await applyRatingDelta(sql, review.productId, ratingDelta(null, { shown: true, rating: review.rating }));
      }
    }
  });
}
