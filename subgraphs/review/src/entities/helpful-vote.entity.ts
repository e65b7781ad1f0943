import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Review } from './review.entity.js';

/** A shopper found a review helpful: one per customer and review (the primary key). */
@Entity({ tableName: 'helpful_vote' })
export class HelpfulVote {
  /** Goes with its review. */
  @ManyToOne(() => Review, { primary: true, fieldName: 'review_id', deleteRule: 'cascade', foreignKeyName: 'helpful_vote_review_fk' })
  review!: Review;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
