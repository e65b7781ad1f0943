import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '@shopgraph/subgraph';
import { ReviewStatus } from '../entities/index.js';
import type { Review as ReviewEntity } from '../entities/index.js';

registerEnumType(ReviewStatus, { name: 'ReviewStatus', description: 'Moderation state of a review.' });

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

  @Field({ description: 'Whether the author bought the product.' })
  verifiedPurchase!: boolean;

  @Field(() => ReviewStatus, { description: 'Moderation state.' })
  status!: ReviewStatus;

  @Field({ description: 'When the review was written.' })
  createdAt!: Date;

  /** Maps an entity to its GraphQL shape. */
  static from(e: ReviewEntity): Review {
    return Object.assign(new Review(), {
      id: e.id,
      productId: e.productId,
      authorName: e.authorName,
      rating: e.rating,
      title: e.title,
      body: e.body,
      verifiedPurchase: e.verifiedPurchase,
      status: e.status,
      createdAt: e.createdAt,
    });
  }
}

/** A product's rating summary. */
@ObjectType({ description: "Summary of a product's approved reviews." })
export class RatingSummary {
  @Field(() => Float, { nullable: true, description: 'Average stars to one decimal; null without reviews.' })
  average!: number | null;

  @Field(() => Int, { description: 'Number of approved reviews.' })
  count!: number;
}

/** The catalog's product, extended with its rating. */
@Directive('@key(fields: "id")')
@ObjectType('Product', { description: 'A product of the catalog, sold as one of its variants.' })
export class ProductRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}

export const { Connection: ReviewConnection } = connectionTypes(Review, 'Review');
