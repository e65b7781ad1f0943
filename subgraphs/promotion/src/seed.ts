import type { EntityManager } from '@mikro-orm/postgresql';
import { Campaign, CampaignType, CouponCode, DiscountType } from './entities/index.js';

/** Seeds demo campaigns once: at least one of every discount type. */
export async function seedPromotions(em: EntityManager): Promise<void> {
  if ((await em.count(Campaign)) > 0) return;
  em.create(Campaign, {
    name: 'Welcome 10%',
    description: '10% off everything for a limited time.',
    discountType: DiscountType.PERCENTAGE,
    percentageBasisPoints: 1000,
    maximumDiscountAmountMinor: 5_000n,
  });
  em.create(Campaign, {
    name: 'Free shipping weekend',
    description: 'Free standard shipping on orders over $50.',
    discountType: DiscountType.FREE_SHIPPING,
    minimumOrderAmountMinor: 5_000n,
  });
  const tenOff = em.create(Campaign, {
    name: '$10 off with SAVE10',
    description: '$10 off orders over $100 with the code SAVE10, once per customer.',
    discountType: DiscountType.FIXED_AMOUNT,
    fixedAmountMinor: 1_000n,
    minimumOrderAmountMinor: 10_000n,
    requiresCode: true,
    perCustomerLimit: 1,
    usageLimit: 1_000,
    exclusive: true,
    priority: 10,
  });
  em.create(CouponCode, { code: 'save10', campaign: tenOff });
  em.create(Campaign, {
    name: 'Buy 2, get 1 free',
    description: 'The cheapest of every three items is free.',
    campaignType: CampaignType.CATALOG,
    discountType: DiscountType.BUY_X_GET_Y,
    buyQuantity: 2,
    getQuantity: 1,
    budgetMinor: 1_000_000n,
  });
  await em.flush();
}
