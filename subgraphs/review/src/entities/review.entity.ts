import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ReviewStatus } from '../domain/moderation.js';

export { ReviewStatus };

/**
 * A shopper's review of a product. Describes the table; its one access path is
 * `store/review.sql.ts` (the product page reads it with the rating in one statement).
 */
@Entity({ tableName: 'review' })
@Index({ name: 'review_product_status_idx', properties: ['productId', 'status', 'createdAt'] })
@Index({ name: 'review_customer_idx', properties: ['customerId', 'createdAt'] })
@Index({ name: 'review_text_hash_idx', properties: ['textHash'] })
// One review per customer and product; reviews without an account (demo data) are not limited.
@Unique({
  name: 'review_customer_product_unique',
  expression:
    'create unique index "review_customer_product_unique" on "review"."review" ("customer_id", "product_id") where "customer_id" is not null',
})
@Check({ name: 'review_rating_range', expression: 'rating between 1 and 5' })
export class Review {
  [OptionalProps]?: 'verifiedPurchase' | 'status' | 'createdAt' | 'updatedAt' | 'helpfulCount' | 'reportCount';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  productId!: string;

  /** The author, from their token; null for reviews imported without an account (demo data). */
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

  /** Whether the author received the product (purchases recorded from order events). */
  @Property()
  verifiedPurchase = false;

  @Enum({ items: () => ReviewStatus, nativeEnumName: 'review_status' })
  status: ReviewStatus = ReviewStatus.PENDING;

  /** The content reason of the last rejection. */
  @Property({ type: 'text', nullable: true })
  moderationReason?: string;

  /** Fingerprint of the text (`textFingerprint`), to catch text posted again. */
  @Property({ type: 'text', nullable: true })
  textHash?: string;

  @Property({ type: 'integer' })
  helpfulCount = 0;

  @Property({ type: 'integer' })
  reportCount = 0;

  /** The merchant's public reply. */
  @Property({ type: 'text', nullable: true })
  replyBody?: string;

  @Property({ type: 'text', nullable: true })
  replyBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  repliedAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
