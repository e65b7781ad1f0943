import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PaymentEvent } from './payment-event.entity.js';

/**
 * One payment of an order at a provider (an authorization and what was captured, voided or
 * refunded of it). Its amounts are never stored here: they are folded from its events.
 */
@Entity({ tableName: 'payment' })
@Index({ name: 'payment_order_idx', properties: ['orderId'] })
export class Payment {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Set once the order exists (the authorization comes first). */
  @Property({ type: 'uuid', nullable: true })
  orderId?: string | null;

  /** The checkout session paid for. */
  @Property({ type: 'uuid' })
  checkoutSessionId!: string;

  @Property()
  provider!: string;

  /** The provider's reference of the authorization, once it answered. */
  @Unique({ name: 'payment_psp_reference_unique' })
  @Property({ nullable: true })
  pspReference?: string | null;

  @Property({ length: 3 })
  currency!: string;

  /** The amount asked to be authorized. */
  @Property({ type: new BigIntType('bigint') })
  amountMinor!: bigint;

  /** Display details of the card: brand and last four digits, never the number or the token. */
  @Property()
  cardBrand!: string;

  @Property({ length: 4 })
  cardLast4!: string;

  @OneToMany(() => PaymentEvent, (e) => e.payment)
  events = new Collection<PaymentEvent>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
