import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A webhook received from a payment provider, kept once per provider event id (providers deliver
 * at least once). A job folds it into the ledger and wakes the saga waiting for it.
 */
@Entity({ tableName: 'payment_provider_event' })
@Index({
  name: 'payment_provider_event_unprocessed_idx',
  expression: `create index "payment_provider_event_unprocessed_idx" on "order"."payment_provider_event" ("received_at") where "processed_at" is null`,
})
export class PaymentProviderEvent {
  [OptionalProps]?: 'receivedAt' | 'processedAt';

  @PrimaryKey()
  provider!: string;

  @PrimaryKey()
  eventId!: string;

  /** The verified event as the provider adapter parsed it. */
  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  receivedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  processedAt?: Date | null;
}
