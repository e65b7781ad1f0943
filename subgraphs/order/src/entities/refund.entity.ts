import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { MoneyBackKind } from '../domain/refund.js';
import { Order } from './order.entity.js';

/** Money given back on an order (a cancellation or a refund), with why and which lines. */
@Entity({ tableName: 'refund' })
export class Refund {
  [OptionalProps]?: 'lines' | 'restock' | 'reason' | 'voidedMinor' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'refund_order_idx' })
  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  /** CANCEL or REFUND (domain/refund.ts decides what each gives back besides money). */
  @Property({ type: 'string' })
  kind!: MoneyBackKind;

  /** Refunded at the provider (0 when a cancel only voided an authorization). */
  @Property({ type: new BigIntType('bigint') })
  amountMinor!: bigint;

  /** Voided at the provider. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  voidedMinor: bigint = 0n;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** Order lines given back, when the refund is by lines. */
  @Property({ type: 'jsonb', default: "'[]'" })
  lines: { orderItemId: string; quantity: number }[] = [];

  @Property({ default: false })
  restock: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
