import { randomUUID } from 'node:crypto';
import { type Rel, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OrderStatus } from '../domain/order-process.js';
import { Order } from './order.entity.js';

/** One step of an order's status history. */
@Entity({ tableName: 'order_status_change' })
export class OrderStatusChange {
  [OptionalProps]?: 'occurredAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'order_status_change_order_idx' })
  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', nullable: true })
  fromStatus?: OrderStatus;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' })
  toStatus!: OrderStatus;

  /** Who moved it: shopper, admin or system. */
  @Property()
  actor!: string;

  @Property({ type: 'timestamptz' })
  occurredAt: Date = new Date();
}
