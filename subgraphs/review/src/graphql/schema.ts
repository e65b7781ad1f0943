import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { ProductRatingResolver, ReviewResolver, reviewLoaders } from './review.resolver.js';
import { ProductRef } from './types.js';

/** The review subgraph schema. */
export function reviewSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: ['Query.reviews.productId'],
    resolvers: [ReviewResolver, ProductRatingResolver],
    orphanedTypes: [ProductRef],
    references: {
      Product: { __resolveReference: (ref: { id: string }) => Object.assign(new ProductRef(), { id: ref.id }) },
      Review: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => reviewLoaders(ctx).review.load(ref.id) },
    },
  });
}
