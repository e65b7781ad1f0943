import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Moderation state of a review: only approved reviews are shown. */
export enum ReviewStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** A shopper's review of a product. */
@Entity({ tableName: 'review' })
@Index({ name: 'review_product_status_idx', properties: ['productId', 'status', 'createdAt'] })
@Check({ name: 'review_rating_range', expression: 'rating between 1 and 5' })
export class Review {
  [OptionalProps]?: 'verifiedPurchase' | 'status' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string;

  @Property()
  authorName!: string;

  @Property({ columnType: 'smallint' })
  rating!: number;

  @Property()
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  /** Whether the author bought the product (checked against their orders). */
  @Property()
  verifiedPurchase = false;

  @Enum({ items: () => ReviewStatus, nativeEnumName: 'review_status' })
  status: ReviewStatus = ReviewStatus.PENDING;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
