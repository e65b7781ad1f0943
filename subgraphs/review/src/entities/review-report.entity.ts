import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Review } from './review.entity.js';

/** A shopper reported a review's content: one per customer and review. */
@Entity({ tableName: 'review_report' })
export class ReviewReport {
  /** Goes with its review. */
  @ManyToOne(() => Review, { primary: true, fieldName: 'review_id', deleteRule: 'cascade', foreignKeyName: 'review_report_review_fk' })
  review!: Review;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  /** A content reason (`ModerationReason`). */
  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
