import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { ModerationResolver } from './moderation.resolver.js';
import { CustomerReviewsResolver, ProductReviewsResolver, reviewLoaders } from './product-reviews.reference.js';
import { ReviewResolver } from './review.resolver.js';
import { CustomerRef, ProductRef } from './review.types.js';

/** The review subgraph schema. */
export function reviewSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'Query.reviews.productId',
      'CreateReviewInput.productId',
      'UpdateReviewInput.id',
      'DeleteReviewInput.id',
      'VoteReviewHelpfulInput.reviewId',
      'ReportReviewInput.reviewId',
      'ModerateReviewInput.id',
      'ReplyToReviewInput.id',
    ],
    resolvers: [ReviewResolver, ProductReviewsResolver, CustomerReviewsResolver, ModerationResolver],
    orphanedTypes: [ProductRef, CustomerRef],
    references: {
      Product: { __resolveReference: (ref: { id: string }) => Object.assign(new ProductRef(), { id: ref.id }) },
      Customer: { __resolveReference: (ref: { id: string }) => Object.assign(new CustomerRef(), { id: ref.id }) },
      Review: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => reviewLoaders(ctx).review.load(ref.id) },
    },
  });
}
