import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { ConnectionArgs } from '@shopgraph/subgraph';
import { ModerationReason } from '../domain/moderation.js';
import { Review } from './review.types.js';

/** Orders of a product's reviews. */
export enum ReviewSort {
  NEWEST = 'NEWEST',
  MOST_HELPFUL = 'MOST_HELPFUL',
  HIGHEST = 'HIGHEST',
  LOWEST = 'LOWEST',
}
registerEnumType(ReviewSort, { name: 'ReviewSort', description: "Order of a product's reviews." });

/** A staff decision. */
export enum ModerationDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ModerationDecision, { name: 'ModerationDecision', description: 'What staff decide about a review.' });

/** Which reviews of a product to list. */
@InputType({ description: 'Which reviews of a product to list.' })
export class ReviewFilter {
  @Field(() => Int, { nullable: true, description: 'Only reviews with these stars (1 to 5).' })
  rating?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only verified purchases (true) or only unverified reviews (false).' })
  verified?: boolean | null;
}

/** Arguments of a product's reviews. */
@ArgsType()
export class ProductReviewsArgs extends ConnectionArgs {
  @Field(() => ReviewSort, { nullable: true, description: 'Order of the reviews (default NEWEST).' })
  sort?: ReviewSort | null;

  @Field(() => ReviewFilter, { nullable: true, description: 'Which reviews to list (default all approved ones).' })
  filter?: ReviewFilter | null;
}

/** Input of `createReview`. */
@InputType({ description: 'Input of createReview; the author is the signed-in customer.' })
export class CreateReviewInput {
  @Field(() => ID, { description: 'The product reviewed.' })
  productId!: string;

  @Field(() => Int, { description: 'Stars from 1 to 5.' })
  rating!: number;

  @Field({ description: 'Headline, 3 to 120 characters.' })
  title!: string;

  @Field({ description: 'Text, 10 to 5000 characters.' })
  body!: string;

  @Field(() => String, { nullable: true, description: 'Name shown with the review, up to 60 characters (default "Customer").' })
  authorName?: string | null;
}

/** Input of `updateReview`. */
@InputType({ description: 'Input of updateReview; omitted fields are unchanged. The review is moderated again.' })
export class UpdateReviewInput {
  @Field(() => ID, { description: 'One of your reviews.' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'Stars from 1 to 5.' })
  rating?: number | null;

  @Field(() => String, { nullable: true, description: 'Headline, 3 to 120 characters.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Text, 10 to 5000 characters.' })
  body?: string | null;

  @Field(() => String, { nullable: true, description: 'Name shown with the review, up to 60 characters.' })
  authorName?: string | null;
}

/** Input naming one review. */
@InputType({ description: 'Input of deleteReview.' })
export class DeleteReviewInput {
  @Field(() => ID, { description: 'One of your reviews.' })
  id!: string;
}

/** Input of `voteReviewHelpful`. */
@InputType({ description: 'Input of voteReviewHelpful.' })
export class VoteReviewHelpfulInput {
  @Field(() => ID, { description: "Another customer's approved review." })
  reviewId!: string;
}

/** Input of `reportReview`. */
@InputType({ description: 'Input of reportReview.' })
export class ReportReviewInput {
  @Field(() => ID, { description: 'An approved review.' })
  reviewId!: string;

  @Field(() => ModerationReason, { description: 'What is wrong with its content.' })
  reason!: ModerationReason;

  @Field(() => String, { nullable: true, description: 'Details for the moderators, up to 500 characters.' })
  note?: string | null;
}

/** Input of `moderateReview`. */
@InputType({ description: 'Input of moderateReview (staff).' })
export class ModerateReviewInput {
  @Field(() => ID, { description: 'The review.' })
  id!: string;

  @Field(() => ModerationDecision, { description: 'Approve or reject.' })
  decision!: ModerationDecision;

  @Field(() => ModerationReason, { nullable: true, description: 'The content reason; required to reject.' })
  reason?: ModerationReason | null;

  @Field(() => String, { nullable: true, description: 'Internal note for the moderation log.' })
  note?: string | null;
}

/** Input of `replyToReview`. */
@InputType({ description: 'Input of replyToReview (staff).' })
export class ReplyToReviewInput {
  @Field(() => ID, { description: 'The review.' })
  id!: string;

  @Field({ description: 'The public reply, 1 to 2000 characters; replaces an earlier one.' })
  body!: string;
}

/** Result of a review mutation. */
@ObjectType({ description: 'Result of a review mutation.' })
export class ReviewPayload {
  @Field(() => Review, { nullable: true, description: 'The review as it is now; null when refused.' })
  review!: Review | null;

  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

/** Result of `deleteReview`. */
@ObjectType({ description: 'Result of deleteReview.' })
export class DeleteReviewPayload {
  @Field(() => ID, { nullable: true, description: 'The deleted review; null when refused.' })
  deletedReviewId!: string | null;

  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}
