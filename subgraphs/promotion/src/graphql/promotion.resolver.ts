import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type RequestContext, orderByKeys, RequiresPermission } from '@shopgraph/subgraph';
import { campaignsByIds, listCampaigns, runningCampaignsOfProducts } from '../services/campaign.service.js';
import { ProductRef, Promotion } from './types.js';

/** Per-request loaders of the promotion subgraph. */
export function promotionLoaders(ctx: RequestContext) {
  return {
    promotion: ctx.loaders.get<string, Promotion | null>('promotion', async (ids) =>
      orderByKeys(ids, (await campaignsByIds(ctx.em, ids)).map(Promotion.from), (p) => p.id),
    ),
    ofProduct: ctx.loaders.get<string, Promotion[]>('ofProduct', async (ids) =>
      (await runningCampaignsOfProducts(ctx.em, ids)).map((list) => list.map(Promotion.from)),
    ),
  };
}

/** Promotion queries. */
@Resolver(() => Promotion)
export class PromotionResolver {
  @Query(() => [Promotion], { description: 'Every campaign (admin).' })
  @RequiresPermission('promotions:read')
  async promotions(@Ctx() ctx: RequestContext): Promise<Promotion[]> {
    return (await listCampaigns(ctx.em)).map(Promotion.from);
  }
}

/** Promotions shown on a product (catalog badges). */
@Resolver(() => ProductRef)
export class ProductPromotionsResolver {
  @FieldResolver(() => [Promotion], { description: 'Promotions running now that cover this product.' })
  promotions(@Root() product: ProductRef, @Ctx() ctx: RequestContext): Promise<Promotion[]> {
    return promotionLoaders(ctx).ofProduct.load(product.id);
  }
}
