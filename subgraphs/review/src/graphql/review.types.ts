import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '@shopgraph/subgraph';
import { ModerationReason, ReviewStatus } from '../domain/moderation.js';
import { STARS, type RatingCounts, averageRating } from '../domain/rating.js';
import type { ReviewView } from '../store/rows.js';

registerEnumType(ReviewStatus, {
  name: 'ReviewStatus',
  description: 'Moderation state of a review: only APPROVED reviews are shown and counted in the rating.',
});
registerEnumType(ModerationReason, {
  name: 'ModerationReason',
  description: "Why a review's content breaks the rules (never its rating).",
});

/** The merchant's public reply under a review. */
@ObjectType({ description: "The merchant's public reply under a review." })
export class MerchantReply {
  @Field({ description: 'Text of the reply.' })
  body!: string;

  @Field({ description: 'When the reply was last written.' })
  repliedAt!: Date;
}

/** A product review. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A shopper's review of a product." })
export class Review {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => ID, { description: 'The reviewed product.' })
  productId!: string;

  @Field({ description: 'Name shown with the review.' })
  authorName!: string;

  @Field(() => Int, { description: 'Stars from 1 to 5.' })
  rating!: number;

  @Field({ description: 'Headline.' })
  title!: string;

  @Field({ description: 'Text of the review.' })
  body!: string;

  @Field({ description: 'Whether the author received the product in an order not returned since.' })
  verifiedPurchase!: boolean;

  @Field(() => ReviewStatus, { description: 'Moderation state.' })
  status!: ReviewStatus;

  @Field(() => ModerationReason, { nullable: true, description: 'Why the review was rejected; null unless REJECTED.' })
  moderationReason!: ModerationReason | null;

  @Field(() => Int, { description: 'Shoppers who found the review helpful.' })
  helpfulCount!: number;

  @Field(() => MerchantReply, { nullable: true, description: "The merchant's public reply, if any." })
  merchantReply!: MerchantReply | null;

  @Field({ description: 'When the review was written.' })
  createdAt!: Date;

  @Field({ description: 'When the author last changed the review.' })
  updatedAt!: Date;

  /** Maps a store view to its GraphQL shape. */
  static from(v: ReviewView): Review {
    return Object.assign(new Review(), {
      id: v.id,
      productId: v.productId,
      authorName: v.authorName,
      rating: v.rating,
      title: v.title,
      body: v.body,
      verifiedPurchase: v.verifiedPurchase,
      status: v.status,
      moderationReason: v.status === ReviewStatus.REJECTED ? (v.moderationReason as ModerationReason | null) : null,
      helpfulCount: v.helpfulCount,
      merchantReply: v.reply ? Object.assign(new MerchantReply(), { body: v.reply.body, repliedAt: v.reply.at }) : null,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    });
  }
}

/** How many approved reviews give a number of stars. */
@ObjectType({ description: 'How many approved reviews give a number of stars.' })
export class RatingBucket {
  @Field(() => Int, { description: 'Stars from 1 to 5.' })
  stars!: number;

  @Field(() => Int, { description: 'Approved reviews with these stars.' })
  count!: number;
}

/** A product's rating summary. */
@ObjectType({ description: "Summary of a product's approved reviews." })
export class RatingSummary {
  @Field(() => Float, { nullable: true, description: 'Average stars to one decimal; null without reviews.' })
  average!: number | null;

  @Field(() => Int, { description: 'Number of approved reviews.' })
  count!: number;

  @Field(() => [RatingBucket], { description: 'Approved reviews per number of stars, from 1 to 5 (all five, zeros included).' })
  histogram!: RatingBucket[];

  /** Maps stored counts to the summary. */
  static from(counts: RatingCounts): RatingSummary {
    return Object.assign(new RatingSummary(), {
      average: averageRating(counts.sum, counts.count),
      count: counts.count,
      histogram: STARS.map((stars) => Object.assign(new RatingBucket(), { stars, count: counts.histogram[stars - 1] })),
    });
  }
}

/** The catalog's product, extended with its rating and reviews. */
@Directive('@key(fields: "id")')
@ObjectType('Product', { description: 'A product of the catalog, sold as one of its variants.' })
export class ProductRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}

/** The customer subgraph's account, extended with its author's reviews. */
@Directive('@key(fields: "id")')
@ObjectType('Customer', { description: 'A customer account.' })
export class CustomerRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}

export const { Connection: ReviewConnection } = connectionTypes(Review, 'Review');
