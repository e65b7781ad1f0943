import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { OrderStatus } from '../domain/order-status.js';
import { OrderItem } from './order-item.entity.js';
import { OrderStatusChange } from './order-status-change.entity.js';

/** A placed order. Prices are a snapshot taken when it was placed. */
@Entity({ tableName: 'order' })
@Index({ name: 'order_owner_created_idx', properties: ['ownerKey', 'createdAt'] })
export class Order {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Human-friendly number, e.g. SG-2026-000042. */
  @Unique({ name: 'order_number_unique' })
  @Property()
  number!: string;

  /** One cart, one order: placing the same cart twice returns the first order. */
  @Unique({ name: 'order_cart_unique' })
  @Property({ type: 'uuid' })
  cartId!: string;

  @Property()
  ownerKey!: string;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' })
  status: OrderStatus = OrderStatus.PENDING;

  @Property({ length: 3 })
  currency!: string;

  @Property({ type: new BigIntType('bigint') })
  subtotalMinor!: bigint;

  @Property({ type: new BigIntType('bigint') })
  totalMinor!: bigint;

  @OneToMany(() => OrderItem, (i) => i.order, { orderBy: { position: 'asc' } })
  items = new Collection<OrderItem>(this);

  @OneToMany(() => OrderStatusChange, (c) => c.order, { orderBy: { occurredAt: 'asc' } })
  history = new Collection<OrderStatusChange>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
