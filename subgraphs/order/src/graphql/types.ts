import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { type CurrencyCode, MoneyType, money } from '@shopgraph/money';
import { connectionTypes } from '@shopgraph/subgraph';
import { OrderState, OrderStatus } from '../domain/order-process.js';
import type {
  Order as OrderEntity,
  OrderItem as OrderItemEntity,
  OrderStatusChange as OrderStatusChangeEntity,
} from '../entities/index.js';

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life, for display: derived from its state and fulfilment status.',
});

/** The catalog's product, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product', { description: 'A product of the catalog, sold as one of its variants.' })
export class ProductRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}

/** The catalog's variant, referenced by SKU. */
@Directive('@key(fields: "sku", resolvable: false)')
@ObjectType('ProductVariant', { description: 'A sellable variant of a product, identified by its SKU.' })
export class VariantRef {
  @Field(() => ID, { description: 'Stock keeping unit.' })
  sku!: string;
}

/** An order line. */
@ObjectType({ description: 'A line of an order, at the price it was sold.' })
export class OrderItem {
  @Field(() => ID, { description: 'Opaque id of the line (fulfilments, returns and refunds name lines by it).' })
  id!: string;

  @Field(() => ID, { description: 'The SKU sold.' })
  sku!: string;

  @Field({ description: 'Name of the variant when it was sold.' })
  name!: string;

  @Field(() => Int, { description: 'Units sold.' })
  quantity!: number;

  @Field(() => MoneyType, { description: 'Price of one unit.' })
  unitPrice!: MoneyType;

  @Field(() => MoneyType, { description: 'Unit price times quantity.' })
  lineTotal!: MoneyType;

  @Field(() => MoneyType, { description: 'Promotion and loyalty discounts taken off this line.' })
  discount!: MoneyType;

  @Field(() => ProductRef, { description: 'The product (served by catalog).' })
  product!: ProductRef;

  @Field(() => VariantRef, { description: 'The variant (served by catalog and inventory).' })
  variant!: VariantRef;

  orderId!: string;

  /** Maps an entity to its GraphQL shape. */
  static from(e: OrderItemEntity, currency: CurrencyCode): OrderItem {
    return Object.assign(new OrderItem(), {
      id: e.id,
      sku: e.sku,
      name: e.name,
      quantity: e.quantity,
      unitPrice: MoneyType.from(money(e.unitPriceMinor, currency)),
      lineTotal: MoneyType.from(money(e.lineTotalMinor, currency)),
      discount: MoneyType.from(money(BigInt(e.discountMinor) + BigInt(e.loyaltyDiscountMinor), currency)),
      product: Object.assign(new ProductRef(), { id: e.productId }),
      variant: Object.assign(new VariantRef(), { sku: e.sku }),
      orderId: e.order.id,
    });
  }
}

/** One step of an order's status history. */
@ObjectType({ description: "One step of an order's status history." })
export class OrderStatusChange {
  @Field(() => OrderStatus, { description: 'Status after the change.' })
  status!: OrderStatus;

  @Field(() => OrderStatus, { nullable: true, description: 'Status before the change; null when the order was placed.' })
  previousStatus!: OrderStatus | null;

  @Field({ description: 'When the change took effect.' })
  occurredAt!: Date;

  /** Maps an entity to its GraphQL shape. */
  static from(e: OrderStatusChangeEntity): OrderStatusChange {
    return Object.assign(new OrderStatusChange(), { status: e.toStatus, previousStatus: e.fromStatus ?? null, occurredAt: e.occurredAt });
  }
}

/** An order. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A placed order.' })
export class Order {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Human-friendly order number, e.g. SG-2026-000042.' })
  number!: string;

  @Field(() => OrderStatus, {
    description:
      'Display status, derived: CANCELLED and PENDING from the state; CONFIRMED while nothing is fulfilled; PROCESSING while lines remain to ship; SHIPPED once all shipped; DELIVERED once all delivered.',
  })
  status!: OrderStatus;

  @Field(() => OrderState, { description: 'The persisted state: PENDING, CONFIRMED, COMPLETED or CANCELLED.' })
  state!: OrderState;

  @Field(() => Int, { description: 'Grows by one with every change of the order; events and live updates carry it.' })
  version!: number;

  @Field(() => MoneyType, { description: 'Sum of the line totals.' })
  subtotal!: MoneyType;

  @Field(() => MoneyType, { description: 'Promotion discounts on the lines and on shipping (loyalty points are in `loyaltyDiscount`).' })
  discountTotal!: MoneyType;

  @Field(() => MoneyType, { description: 'Price of the shipping method, before shipping discounts.' })
  shipping!: MoneyType;

  @Field(() => MoneyType, { description: 'Shipping taken off by promotions and the loyalty tier.' })
  shippingDiscount!: MoneyType;

  @Field(() => MoneyType, { description: 'All tax, including tax already inside prices.' })
  tax!: MoneyType;

  @Field(() => MoneyType, { description: 'The part of `tax` added on top of prices.' })
  exclusiveTax!: MoneyType;

  @Field(() => MoneyType, { description: 'What the loyalty points used took off.' })
  loyaltyDiscount!: MoneyType;

  @Field(() => Int, { description: 'Loyalty points spent on the order.' })
  loyaltyPointsUsed!: number;

  @Field(() => Int, { description: 'Loyalty points the order earned (after the tier multiplier); 0 until it is confirmed.' })
  loyaltyPointsEarned!: number;

  @Field(() => MoneyType, {
    description: 'What the shopper pays: subtotal − discounts − loyalty + shipping − shipping discount + exclusive tax.',
  })
  total!: MoneyType;

  @Field(() => String, { nullable: true, description: 'Where the confirmation and updates are sent.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "The shopper's note." })
  notes!: string | null;

  @Field({ description: 'When the order was placed.' })
  createdAt!: Date;

  @Field({ description: 'When the order last changed.' })
  updatedAt!: Date;

  ownerKey!: string;
  currency!: CurrencyCode;
  entity!: OrderEntity;

  /** Maps an entity to its GraphQL shape. */
  static from(e: OrderEntity): Order {
    const currency = e.currency as CurrencyCode;
    const m = (minor: bigint | number | string) => MoneyType.from(money(BigInt(minor), currency));
    return Object.assign(new Order(), {
      id: e.id,
      number: e.number,
      status: e.status,
      state: e.state,
      version: e.version,
      subtotal: m(e.subtotalMinor),
      discountTotal: m(BigInt(e.discountMinor) + BigInt(e.shippingDiscountMinor)),
      shipping: m(e.shippingMinor),
      shippingDiscount: m(e.shippingDiscountMinor),
      tax: m(e.taxMinor),
      exclusiveTax: m(e.exclusiveTaxMinor),
      loyaltyDiscount: m(e.loyaltyDiscountMinor),
      loyaltyPointsUsed: e.pointsUsed,
      loyaltyPointsEarned: e.pointsEarned,
      total: m(e.totalMinor),
      email: e.email ?? null,
      notes: e.notes ?? null,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      ownerKey: e.ownerKey,
      currency,
      entity: e,
    });
  }
}

export const { Connection: OrderConnection } = connectionTypes(Order, 'Order');

/** One status change, as the `orderStatusChanged` subscription delivers it. */
@ObjectType({ description: "A change of an order's status. The first event of a subscription is the current status." })
export class OrderStatusEvent {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => OrderStatus, { description: 'Status after the change.' })
  status!: OrderStatus;

  @Field(() => OrderStatus, { nullable: true, description: 'Status before the change; null for the current-status event.' })
  previousStatus!: OrderStatus | null;

  @Field({ description: 'When the status took effect.' })
  occurredAt!: Date;

  @Field(() => Order, { description: 'The order as it is now, with fields from any subgraph.' })
  order!: Order;
}

/** Input of `cancelOrder`. */
@InputType({ description: 'Which order to cancel, and why.' })
export class CancelOrderInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => String, { nullable: true, description: 'Why it is cancelled (kept with the refund and sent with the event).' })
  reason?: string | null;
}

/** Result of an order mutation. */
@ObjectType({ description: 'Result of an order mutation.' })
export class OrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the change; null if nothing changed.' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
