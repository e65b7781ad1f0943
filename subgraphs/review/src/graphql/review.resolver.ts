import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import type { RequestContext } from '@shopgraph/subgraph';
import { reviewConfig, reviewPolicy } from '../config.js';
import { reportReview, voteHelpful } from '../services/feedback.service.js';
import type { ReviewResult } from '../services/review-change.js';
import { createReview, deleteReview, updateReview } from '../services/review.service.js';
import { publicPageRequest, reviewPage } from './product-reviews.reference.js';
import {
  CreateReviewInput,
  DeleteReviewInput,
  DeleteReviewPayload,
  ProductReviewsArgs,
  ReportReviewInput,
  ReviewPayload,
  UpdateReviewInput,
  VoteReviewHelpfulInput,
} from './review-input.types.js';
import { Review, ReviewConnection } from './review.types.js';

/** A service result as the mutation's payload. */
export const reviewPayload = (result: ReviewResult): ReviewPayload => ({
  review: result.review ? Review.from(result.review) : null,
  userErrors: result.userErrors,
});

/** The signed-in customer's id: the author is always the caller, never an input. */
const author = (ctx: RequestContext) => requireKind(ctx.identity, 'customer').customerId;

/** Shoppers' review queries and mutations. */
@Resolver(() => Review)
export class ReviewResolver {
  @Query(() => ReviewConnection, { description: 'Approved reviews of a product, newest first unless sorted otherwise.' })
  reviews(
    @Arg('productId', () => ID) productId: string,
    @Args(() => ProductReviewsArgs) args: ProductReviewsArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return reviewPage(ctx, 'product_id', productId, publicPageRequest(args));
  }

  @Mutation(() => ReviewPayload, {
    description: 'The signed-in customer reviews a product (once per product); published at once or after moderation.',
  })
  async createReview(@Arg('input', () => CreateReviewInput) input: CreateReviewInput, @Ctx() ctx: RequestContext): Promise<ReviewPayload> {
    return reviewPayload(
      await createReview(ctx.em, reviewPolicy(reviewConfig()), author(ctx), {
        productId: input.productId,
        rating: input.rating,
        title: input.title,
        body: input.body,
        authorName: input.authorName ?? undefined,
      }),
    );
  }

  @Mutation(() => ReviewPayload, { description: 'The signed-in customer edits one of their reviews; it is moderated again.' })
  async updateReview(@Arg('input', () => UpdateReviewInput) input: UpdateReviewInput, @Ctx() ctx: RequestContext): Promise<ReviewPayload> {
    return reviewPayload(
      await updateReview(ctx.em, reviewPolicy(reviewConfig()), author(ctx), {
        id: input.id,
        rating: input.rating ?? undefined,
        title: input.title ?? undefined,
        body: input.body ?? undefined,
        authorName: input.authorName ?? undefined,
      }),
    );
  }

  @Mutation(() => DeleteReviewPayload, { description: 'The signed-in customer deletes one of their reviews.' })
  async deleteReview(
    @Arg('input', () => DeleteReviewInput) input: DeleteReviewInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteReviewPayload> {
    return deleteReview(ctx.em, author(ctx), input.id);
  }

  @Mutation(() => ReviewPayload, { description: "The signed-in customer finds another customer's review helpful (once per review)." })
  async voteReviewHelpful(
    @Arg('input', () => VoteReviewHelpfulInput) input: VoteReviewHelpfulInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReviewPayload> {
    return reviewPayload(await voteHelpful(ctx.em, author(ctx), input.reviewId));
  }

  @Mutation(() => ReviewPayload, {
    description:
      "The signed-in customer reports a review's content to the moderators (once per review); enough reports hide it until they look.",
  })
  async reportReview(@Arg('input', () => ReportReviewInput) input: ReportReviewInput, @Ctx() ctx: RequestContext): Promise<ReviewPayload> {
    return reviewPayload(
      await reportReview(ctx.em, reviewPolicy(reviewConfig()), author(ctx), {
        reviewId: input.reviewId,
        reason: input.reason,
        note: input.note ?? undefined,
      }),
    );
  }
}
