import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A write, vote or report of a customer, kept for the per-customer rate limits. */
@Entity({ tableName: 'customer_action' })
@Index({ name: 'customer_action_recent_idx', properties: ['customerId', 'action', 'occurredAt'] })
export class CustomerAction {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  /** `write` or `report`. */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'timestamptz' })
  occurredAt: Date = new Date();
}
