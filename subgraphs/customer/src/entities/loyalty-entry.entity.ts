import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LoyaltyEntryKind } from '../domain/loyalty.js';

/**
 * One movement of a customer's loyalty points; the balance is the sum of the ledger. At most one
 * entry of each kind per order, which makes the order saga's calls idempotent.
 */
@Entity({ tableName: 'loyalty_entry' })
@Index({ name: 'loyalty_entry_customer_idx', properties: ['customerId', 'createdAt'] })
@Unique({ name: 'loyalty_entry_customer_kind_order_unique', properties: ['customerId', 'kind', 'orderId'] })
export class LoyaltyEntry {
  [OptionalProps]?: 'createdAt' | 'orderId' | 'reason' | 'basePoints' | 'orderAmountMinor';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  @Enum({ items: () => LoyaltyEntryKind, nativeEnumName: 'loyalty_entry_kind' })
  kind!: LoyaltyEntryKind;

  /** Signed: positive credits, negative debits. */
  @Property({ type: 'integer' })
  points!: number;

  @Property({ type: 'string', nullable: true })
  orderId: string | null = null;

  @Property({ type: 'string', nullable: true })
  reason: string | null = null;

  /** EARN only: the points the order asked for, before the tier multiplier (what tiers qualify on). */
  @Property({ type: 'integer', nullable: true })
  basePoints: number | null = null;

  /** EARN only, when the order saga passes it: the order's amount in minor units of the base currency. */
  @Property({ type: new BigIntType('bigint'), nullable: true })
  orderAmountMinor: bigint | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
