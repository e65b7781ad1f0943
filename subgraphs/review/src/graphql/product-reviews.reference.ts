import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { hasPermission } from '@shopgraph/auth';
import { BadUserInputError, ForbiddenError } from '@shopgraph/errors';
import { PreparedSql } from '@shopgraph/db';
import { ConnectionArgs, type RequestContext, orderByKeys, pageSize, toConnection } from '@shopgraph/subgraph';
import { ReviewStatus } from '../domain/moderation.js';
import type { RatingCounts } from '../domain/rating.js';
import { type PageGroup, type PageRequest, type ReviewPage, readPages } from '../store/review-pages.sql.js';
import { reviewsByIds } from '../store/review.sql.js';
import { ProductReviewsArgs, ReviewSort } from './review-input.types.js';
import { CustomerRef, ProductRef, RatingSummary, Review, ReviewConnection } from './review.types.js';

/** Whose reviews a page lists: a product's, a customer's, or everyone's (the moderation queue). */
type Scope = NonNullable<PageGroup['scope']>['column'] | null;
/** What one field asks of the pages loader: a product's rating, or a page of reviews of an owner (or of all). */
type PagesKey = { kind: 'rating'; productId: string } | { kind: 'page'; scope: Scope; id: string; request: PageRequest };

/**
 * Per-request loaders of the review subgraph. Every rating and page asked for in one request is
 * read by one statement (`readPages`): a product page's rating, histogram and first reviews, or
 * a listing's ratings, cost the review subgraph one SQL statement.
 */
export function reviewLoaders(ctx: RequestContext) {
  return {
    review: ctx.loaders.get<string, Review | null>('review', async (ids) =>
      orderByKeys(ids, (await reviewsByIds(await PreparedSql.of(ctx.em), ids)).map(Review.from), (r) => r.id),
    ),
    pages: ctx.loaders.get<string, RatingCounts | ReviewPage>('pages', async (keys) => {
      const parsed = keys.map((k) => JSON.parse(k) as PagesKey);
      const ratingIds = [...new Set(parsed.flatMap((k) => (k.kind === 'rating' ? [k.productId] : [])))];
      const groups = new Map<string, PageGroup & { ids: string[] }>();
      for (const k of parsed) {
        if (k.kind !== 'page') continue;
        const groupKey = JSON.stringify([k.scope, k.request]);
        const group = groups.get(groupKey) ?? { scope: null, request: k.request, ids: [] };
        if (!group.ids.includes(k.id)) group.ids.push(k.id);
        group.scope = k.scope ? { column: k.scope, ids: group.ids } : null;
        groups.set(groupKey, group);
      }
      const list = [...groups.values()];
      const read = await readPages(await PreparedSql.of(ctx.em), ratingIds, list);
      const groupIndex = new Map([...groups.keys()].map((key, i) => [key, i]));
      return parsed.map((k) =>
        k.kind === 'rating'
          ? read.ratings.get(k.productId)!
          : (read.pages[groupIndex.get(JSON.stringify([k.scope, k.request]))!]!.get(k.scope ? k.id : '') ?? {
              items: [],
              hasNextPage: false,
              totalCount: 0,
            }),
      );
    }),
  };
}

/** A page of reviews through the request's pages loader, as a connection. */
export async function reviewPage(
  ctx: RequestContext,
  scope: Scope,
  id: string,
  request: PageRequest,
): Promise<InstanceType<typeof ReviewConnection>> {
  const page = (await reviewLoaders(ctx).pages.load(JSON.stringify({ kind: 'page', scope, id, request } satisfies PagesKey))) as ReviewPage;
  return toConnection({ ...page, items: page.items.map(({ cursor, node }) => ({ cursor, node: Review.from(node) })) }, request.after);
}

/** The page request of a product's public reviews: approved ones, sorted and filtered as asked. */
export function publicPageRequest(args: ProductReviewsArgs): PageRequest {
  const rating = args.filter?.rating ?? undefined;
  if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
    throw new BadUserInputError('filter.rating must be from 1 to 5', ['filter', 'rating']);
  }
  return {
    sort: args.sort ?? ReviewSort.NEWEST,
    first: pageSize(args.first),
    after: args.after ?? undefined,
    statuses: [ReviewStatus.APPROVED],
    rating,
    verified: args.filter?.verified ?? undefined,
  };
}

/** A product's rating and reviews (the catalog's Product, extended). */
@Resolver(() => ProductRef)
export class ProductReviewsResolver {
  @FieldResolver(() => RatingSummary, { description: 'Average, count and histogram of approved reviews.' })
  async rating(@Root() product: ProductRef, @Ctx() ctx: RequestContext): Promise<RatingSummary> {
    return RatingSummary.from(
      (await reviewLoaders(ctx).pages.load(JSON.stringify({ kind: 'rating', productId: product.id } satisfies PagesKey))) as RatingCounts,
    );
  }

  @FieldResolver(() => ReviewConnection, { description: 'Approved reviews of the product, newest first unless sorted otherwise.' })
  reviews(@Root() product: ProductRef, @Args(() => ProductReviewsArgs) args: ProductReviewsArgs, @Ctx() ctx: RequestContext) {
    return reviewPage(ctx, 'product_id', product.id, publicPageRequest(args));
  }
}

/** The reviews a customer wrote (the customer subgraph's Customer, extended). */
@Resolver(() => CustomerRef)
export class CustomerReviewsResolver {
  @FieldResolver(() => ReviewConnection, {
    description:
      'Reviews the customer wrote, in every moderation state, newest first. Readable by the customer and staff with catalog:read.',
  })
  reviews(@Root() customer: CustomerRef, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const own = ctx.identity.kind === 'customer' && ctx.identity.customerId === customer.id;
    if (!own && !hasPermission(ctx.identity, 'catalog:read')) throw new ForbiddenError("Not allowed to read this customer's reviews");
    return reviewPage(ctx, 'customer_id', customer.id, {
      sort: 'NEWEST',
      first: pageSize(args.first),
      after: args.after ?? undefined,
      statuses: Object.values(ReviewStatus),
    });
  }
}
