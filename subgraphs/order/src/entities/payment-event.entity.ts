import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Payment } from './payment.entity.js';

/**
 * One fact of a payment's ledger (append-only): a request, success or failure of an authorization,
 * charge, refund or cancel. `dedupeKey` makes folding the same fact twice a no-op: a call's result
 * is keyed by its idempotency key, and the webhook reporting the same operation carries that key.
 */
@Entity({ tableName: 'payment_event' })
@Index({ name: 'payment_event_payment_idx', properties: ['payment', 'occurredAt'] })
export class PaymentEvent {
  [OptionalProps]?: 'occurredAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Payment, { deleteRule: 'cascade' })
  payment!: Rel<Payment>;

  /** AUTHORIZATION_SUCCESS, CHARGE_REQUEST, REFUND_FAILURE, … (domain/payment-ledger.ts). */
  @Property()
  type!: string;

  @Property({ type: new BigIntType('bigint') })
  amountMinor!: bigint;

  @Property({ nullable: true })
  pspReference?: string | null;

  /** The provider's event id, for facts that came by webhook. */
  @Property({ nullable: true })
  pspEventId?: string | null;

  /** The idempotency key of the operation this fact is about. */
  @Property({ nullable: true })
  idempotencyKey?: string | null;

  /** `<type>:<operation key>`: one row per fact, however often it is reported. */
  @Unique({ name: 'payment_event_dedupe_unique' })
  @Property()
  dedupeKey!: string;

  /** Decline or failure code and message, for failures. */
  @Property({ nullable: true })
  code?: string | null;

  @Property({ type: 'text', nullable: true })
  message?: string | null;

  @Property({ type: 'timestamptz' })
  occurredAt: Date = new Date();
}
