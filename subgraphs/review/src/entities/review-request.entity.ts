import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The review request of one delivered order: scheduled once, then sent or skipped, never twice. */
@Entity({ tableName: 'review_request' })
@Check({ name: 'review_request_status', expression: "status in ('SCHEDULED', 'SENT', 'SKIPPED')" })
export class ReviewRequest {
  [OptionalProps]?: 'status' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  orderId!: string;

  @Property({ type: 'text' })
  orderNumber!: string;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string | null;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  status: 'SCHEDULED' | 'SENT' | 'SKIPPED' = 'SCHEDULED';

  /** The last delivery plus the configured delay. */
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'text', nullable: true })
  skipReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
