import type { EntityManager } from '@mikro-orm/postgresql';
import { Campaign, DiscountType } from './entities/index.js';

/** Seeds demo campaigns once. */
export async function seedPromotions(em: EntityManager): Promise<void> {
  if ((await em.count(Campaign)) > 0) return;
  em.create(Campaign, {
    name: 'Welcome 10%',
    description: '10% off everything for a limited time.',
    discountType: DiscountType.PERCENTAGE,
    percentageBasisPoints: 1000,
  });
  em.create(Campaign, {
    name: 'Free shipping weekend',
    description: 'Free standard shipping on every order.',
    discountType: DiscountType.FREE_SHIPPING,
  });
  await em.flush();
}
