import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ReturnRequestState } from '../domain/return-policy.js';
import { Order } from './order.entity.js';

/** A shopper's request to send delivered lines back, and what staff made of it. */
@Entity({ tableName: 'return_request' })
export class ReturnRequest {
  [OptionalProps]?: 'state' | 'decidedAt' | 'receivedAt' | 'restock' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'return_request_order_idx' })
  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  @Enum({ items: () => ReturnRequestState, nativeEnumName: 'return_request_state' })
  state: ReturnRequestState = ReturnRequestState.REQUESTED;

  @Property({ type: 'text' })
  reason!: string;

  /** Lines and units asked back. */
  @Property({ type: 'jsonb' })
  lines!: { orderItemId: string; quantity: number }[];

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  receivedAt?: Date | null;

  /** Whether the received units went back on the shelf. */
  @Property({ default: false })
  restock: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
