import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Order } from './order.entity.js';

/** A line of an order, with the name and price it was sold at. */
@Entity({ tableName: 'order_item' })
export class OrderItem {
  [OptionalProps]?: 'discountMinor' | 'loyaltyDiscountMinor' | 'cancelledQuantity';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'order_item_order_idx' })
  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  @Property({ columnType: 'int' })
  position!: number;

  @Property()
  sku!: string;

  @Property({ type: 'uuid' })
  productId!: string;

  @Property()
  name!: string;

  @Property({ columnType: 'int' })
  quantity!: number;

  /** Units taken off the order before they were fulfilled; never fulfilled from then on. */
  @Property({ columnType: 'int', default: 0 })
  cancelledQuantity = 0;

  @Property({ type: new BigIntType('bigint') })
  unitPriceMinor!: bigint;

  @Property({ type: new BigIntType('bigint') })
  lineTotalMinor!: bigint;

  /** Promotion discount allocated to this line. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  discountMinor: bigint = 0n;

  /** Loyalty discount allocated to this line. */
  @Property({ type: new BigIntType('bigint'), default: 0 })
  loyaltyDiscountMinor: bigint = 0n;
}
