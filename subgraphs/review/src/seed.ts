import type { EntityManager } from '@mikro-orm/postgresql';
import { demoId, demoProducts } from '@shopgraph/demo-data';
import { Review, ReviewStatus } from './entities/index.js';

const AUTHORS = ['Linh', 'Minh', 'Anna', 'Tom', 'Hoa'];

/** Seeds a few approved reviews on every third demo product, once. */
export async function seedReviews(em: EntityManager): Promise<void> {
  if ((await em.count(Review)) > 0) return;
  demoProducts().forEach((p, i) => {
    if (i % 3 !== 0) return;
    for (let k = 0; k < 2; k++) {
      em.create(Review, {
        productId: demoId('product', p.slug),
        authorName: AUTHORS[(i + k) % AUTHORS.length]!,
        rating: 3 + ((i + k) % 3),
        title: k === 0 ? 'Does what it says' : 'Good value',
        body: `Bought the ${p.name.toLowerCase()} last month and it holds up well.`,
        verifiedPurchase: true,
        status: ReviewStatus.APPROVED,
      });
    }
  });
  await em.flush();
}
