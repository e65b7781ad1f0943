import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** One moderation decision or reply (who, when, what, why); kept after the review is deleted. */
@Entity({ tableName: 'moderation_entry' })
@Index({ name: 'moderation_entry_review_idx', properties: ['reviewId', 'createdAt'] })
export class ModerationEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  reviewId!: string;

  /** `author`, `system` or `staff`. */
  @Property({ type: 'text' })
  actor!: string;

  /** The staff member or customer id; null for the automatic rules. */
  @Property({ type: 'text', nullable: true })
  actorId?: string | null;

  @Property({ type: 'text', nullable: true })
  fromStatus?: string | null;

  /** The status after the decision; null for a deletion or a reply. */
  @Property({ type: 'text', nullable: true })
  toStatus?: string | null;

  /** A content reason, the automatic rules' holds, `REPLY` or `DELETED`. */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
