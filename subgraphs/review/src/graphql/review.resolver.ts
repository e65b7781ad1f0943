import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, type RequestContext, orderByKeys, pageSize, toConnection } from '@shopgraph/subgraph';
import { approvedReviews, ratingSummaries, reviewsByIds } from '../services/review.service.js';
import { ProductRef, RatingSummary, Review, ReviewConnection } from './types.js';

/** Per-request loaders of the review subgraph. */
export function reviewLoaders(ctx: RequestContext) {
  return {
    review: ctx.loaders.get<string, Review | null>('review', async (ids) =>
      orderByKeys(ids, (await reviewsByIds(ctx.em, ids)).map(Review.from), (r) => r.id),
    ),
    rating: ctx.loaders.get<string, RatingSummary>('rating', (ids) => ratingSummaries(ctx.em, ids)),
  };
}

/** Review queries. */
@Resolver(() => Review)
export class ReviewResolver {
  @Query(() => ReviewConnection, { description: 'Approved reviews of a product, newest first.' })
  async reviews(
    @Arg('productId', () => ID) productId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<InstanceType<typeof ReviewConnection>> {
    const page = await approvedReviews(ctx.em, productId, pageSize(args.first), args.after);
    return toConnection({ ...page, items: page.items.map(({ cursor, review }) => ({ cursor, node: Review.from(review) })) }, args.after);
  }
}

/** A product's rating, batched across products. */
@Resolver(() => ProductRef)
export class ProductRatingResolver {
  @FieldResolver(() => RatingSummary, { description: 'Average and count of approved reviews.' })
  rating(@Root() product: ProductRef, @Ctx() ctx: RequestContext): Promise<RatingSummary> {
    return reviewLoaders(ctx).rating.load(product.id);
  }
}
