import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { CheckoutAddress } from '../domain/checkout-state.js';
import type { OrderDiscountRecord } from '../domain/order-snapshot.js';
import { OrderState, OrderStatus } from '../domain/order-process.js';
import { Fulfilment } from './fulfilment.entity.js';
import { OrderItem } from './order-item.entity.js';
import { OrderStatusChange } from './order-status-change.entity.js';

/** A placed order. Prices are a snapshot taken when it was placed. */
@Entity({ tableName: 'order' })
@Index({ name: 'order_owner_created_idx', properties: ['ownerKey', 'createdAt'] })
// One live order per cart and per checkout session. An order a refused confirmation created and
// cancelled (e.g. the capture failed) does not count, so the shopper can confirm again.
@Index({
  name: 'order_cart_live_unique',
  expression: `create unique index "order_cart_live_unique" on "order"."order" ("cart_id") where "status" <> 'CANCELLED'`,
})
@Index({
  name: 'order_checkout_session_live_unique',
  expression: `create unique index "order_checkout_session_live_unique" on "order"."order" ("checkout_session_id") where "status" <> 'CANCELLED'`,
})
// Confirmed orders by delivery: the completion sweep finds those whose return window closed.
@Index({
  name: 'order_completion_due_idx',
  expression: `create index "order_completion_due_idx" on "order"."order" ("delivered_at") where "state" = 'CONFIRMED'`,
})
export class Order {
  [OptionalProps]?:
    | 'status'
    | 'state'
    | 'version'
    | 'deliveredAt'
    | 'createdAt'
    | 'updatedAt'
    | 'discountMinor'
    | 'loyaltyDiscountMinor'
    | 'shippingMinor'
    | 'shippingDiscountMinor'
    | 'taxMinor'
    | 'exclusiveTaxMinor'
    | 'discounts'
    | 'pointsUsed'
    | 'pointsEarned';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Human-friendly number, e.g. SG-2026-000042. */
  @Unique({ name: 'order_number_unique' })
  @Property()
  number!: string;

  /** The cart ordered (at most one live order per cart). */
  @Property({ type: 'uuid' })
  cartId!: string;

  @Property()
  ownerKey!: string;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string;

  /** The display status: a cache of `displayStatusOf(state, fulfilment)`, written with the rows it comes from. */
  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' })
  status: OrderStatus = OrderStatus.PENDING;

  /** The persisted state (domain/order-process.ts). */
  @Enum({ items: () => OrderState, nativeEnumName: 'order_state', default: OrderState.PENDING })
  state: OrderState = OrderState.PENDING;

  /** Grows by one with every change of the order, its fulfilments, payments or returns; events carry it. */
  @Property({ columnType: 'int', default: 0 })
  version = 0;

  /** When the last undelivered unit was delivered (the return window starts here). */
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Property({ length: 3 })
  currency!: string;

  @Property({ type: new BigIntType('bigint') })
  subtotalMinor!: bigint;

  @Property({ type: new BigIntType('bigint') })
  totalMinor!: bigint;

  /** The checkout session confirmed into this order (at most one live order per session). */
  @Property({ type: 'uuid', nullable: true })
  checkoutSessionId?: string | null;

  /** Contact email for the confirmation (the guest's, or the customer's account email). */
  @Property({ length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  shippingAddress?: CheckoutAddress | null;

  @Property({ type: 'jsonb', nullable: true })
  billingAddress?: CheckoutAddress | null;

  @Property({ nullable: true })
  shippingMethodCode?: string | null;

  @Property({ nullable: true })
  shippingMethodName?: string | null;

  /** Promotion discounts on the lines. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  discountMinor: bigint = 0n;

  /** What the loyalty points used took off. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  loyaltyDiscountMinor: bigint = 0n;

  /** Price of the shipping method, before shipping discounts. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  shippingMinor: bigint = 0n;

  /** Shipping taken off by promotions and the tier's free standard shipping. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  shippingDiscountMinor: bigint = 0n;

  /** All tax, inclusive tax included. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  taxMinor: bigint = 0n;

  /** The part of the tax added on top of prices. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  exclusiveTaxMinor: bigint = 0n;

  /** Each discount as the confirmation priced it (promotions with their codes, then loyalty). */
  @Property({ type: 'jsonb', default: "'[]'" })
  discounts: OrderDiscountRecord[] = [];

  @Property({ columnType: 'int', default: 0 })
  pointsUsed = 0;

  @Property({ columnType: 'int', default: 0 })
  pointsEarned = 0;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @OneToMany(() => OrderItem, (i) => i.order, { orderBy: { position: 'asc' } })
  items = new Collection<OrderItem>(this);

  @OneToMany(() => Fulfilment, (f) => f.order, { orderBy: { createdAt: 'asc', id: 'asc' } })
  fulfilments = new Collection<Fulfilment>(this);

  @OneToMany(() => OrderStatusChange, (c) => c.order, { orderBy: { occurredAt: 'asc' } })
  history = new Collection<OrderStatusChange>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
