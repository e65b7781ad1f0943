import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar } from '@shopgraph/money';
import { FulfilmentState, FulfillmentStatus } from '../domain/fulfilment.js';
import { OrderState } from '../domain/order-process.js';
import { OrderPaymentStatus } from '../domain/payment-status.js';
import { ReturnRequestState, ReturnStatus } from '../domain/return-policy.js';
import type {
  Fulfilment as FulfilmentEntity,
  OrderItem as OrderItemEntity,
  ReturnRequest as ReturnRequestEntity,
} from '../entities/index.js';
import { Order } from './types.js';

registerEnumType(OrderState, {
  name: 'OrderState',
  description: 'The persisted state of an order: PENDING → CONFIRMED → COMPLETED, or CANCELLED before the first shipment.',
});
registerEnumType(OrderPaymentStatus, {
  name: 'OrderPaymentStatus',
  description: "The order's payment status, derived from its payment ledger.",
});
registerEnumType(FulfillmentStatus, {
  name: 'OrderFulfillmentStatus',
  description: "The order's fulfilment status, derived from its fulfilments.",
});
registerEnumType(ReturnStatus, { name: 'OrderReturnStatus', description: "The order's return status, derived from its return requests." });
registerEnumType(FulfilmentState, {
  name: 'FulfillmentState',
  description: 'Where one fulfilment is: PENDING (packed) → SHIPPED → DELIVERED, or CANCELLED before it shipped.',
});
registerEnumType(ReturnRequestState, {
  name: 'ReturnRequestState',
  description: 'Where a return request is: REQUESTED, then APPROVED or DECLINED by staff, then RECEIVED.',
});

/** Units of one order line in a fulfilment or a return. */
@ObjectType({ description: 'Units of one order line.' })
export class OrderLineQuantity {
  @Field(() => ID, { description: 'The order line (`OrderItem.id`).' })
  orderItemId!: string;

  @Field(() => ID, { description: 'The SKU of the line.' })
  sku!: string;

  @Field(() => Int, { description: 'Units.' })
  quantity!: number;
}

/** A parcel of order lines. */
@ObjectType({ description: 'A parcel of order lines sent from one warehouse.' })
export class Fulfillment {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => FulfilmentState, { description: 'Where the parcel is.' })
  status!: FulfilmentState;

  @Field(() => ID, { description: 'The warehouse the units leave from.' })
  warehouseId!: string;

  @Field(() => String, { nullable: true, description: 'The carrier, once known.' })
  carrier!: string | null;

  @Field(() => String, { nullable: true, description: "The carrier's tracking number, once known." })
  trackingNumber!: string | null;

  @Field(() => [OrderLineQuantity], { description: 'Lines and units in the parcel.' })
  lines!: OrderLineQuantity[];

  @Field(() => Date, { nullable: true, description: 'When it was handed to the carrier.' })
  shippedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was delivered.' })
  deliveredAt!: Date | null;

  @Field({ description: 'When it was packed.' })
  createdAt!: Date;

  /** Maps an entity (lines loaded) to its GraphQL shape. */
  static from(f: FulfilmentEntity, items: readonly OrderItemEntity[]): Fulfillment {
    const sku = new Map(items.map((i) => [i.id, i.sku]));
    return Object.assign(new Fulfillment(), {
      id: f.id,
      status: f.state,
      warehouseId: f.warehouseId,
      carrier: f.carrier ?? null,
      trackingNumber: f.trackingNumber ?? null,
      lines: f.lines.getItems().map((l) => ({ orderItemId: l.orderItem.id, sku: sku.get(l.orderItem.id) ?? '', quantity: l.quantity })),
      shippedAt: f.shippedAt ?? null,
      deliveredAt: f.deliveredAt ?? null,
      createdAt: f.createdAt,
    });
  }
}

/** A return request. */
@ObjectType({ description: "A shopper's request to send delivered lines back." })
export class ReturnRequest {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => ReturnRequestState, { description: 'Where the request is.' })
  status!: ReturnRequestState;

  @Field({ description: "The shopper's reason." })
  reason!: string;

  @Field(() => [OrderLineQuantity], { description: 'Lines and units asked back.' })
  lines!: OrderLineQuantity[];

  @Field({ description: 'When it was asked.' })
  createdAt!: Date;

  /** Maps an entity to its GraphQL shape. */
  static from(r: ReturnRequestEntity, items: readonly OrderItemEntity[]): ReturnRequest {
    const sku = new Map(items.map((i) => [i.id, i.sku]));
    return Object.assign(new ReturnRequest(), {
      id: r.id,
      status: r.state,
      reason: r.reason,
      lines: r.lines.map((l) => ({ orderItemId: l.orderItemId, sku: sku.get(l.orderItemId) ?? '', quantity: l.quantity })),
      createdAt: r.createdAt,
    });
  }
}

/** Units of one order line asked for. */
@InputType({ description: 'Units of one order line.' })
export class OrderLineInput {
  @Field(() => ID, { description: 'The order line (`OrderItem.id`).' })
  orderItemId!: string;

  @Field(() => Int, { description: 'Units (at least 1).' })
  quantity!: number;
}

/** Input of `createFulfillment`. */
@InputType({ description: 'Lines to pack from one warehouse (staff).' })
export class CreateFulfillmentInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => [OrderLineInput], { description: 'Lines and units; each at most ordered − cancelled − fulfilled.' })
  lines!: OrderLineInput[];

  @Field(() => ID, { description: 'The warehouse the units leave from.' })
  warehouseId!: string;

  @Field(() => String, { nullable: true, description: 'The carrier, if known.' })
  carrier?: string | null;

  @Field(() => String, { nullable: true, description: "The carrier's tracking number, if known." })
  trackingNumber?: string | null;
}

/** Input of `markFulfillmentShipped`. */
@InputType({ description: 'A packed fulfilment handed to the carrier (staff).' })
export class MarkFulfillmentShippedInput {
  @Field(() => ID, { description: 'The fulfilment.' })
  fulfillmentId!: string;

  @Field(() => String, { nullable: true, description: 'The carrier (keeps the one set at creation when absent).' })
  carrier?: string | null;

  @Field(() => String, { nullable: true, description: 'The tracking number (keeps the one set at creation when absent).' })
  trackingNumber?: string | null;
}

/** Input of `markFulfillmentDelivered`. */
@InputType({ description: 'A shipped fulfilment reached the shopper (staff).' })
export class MarkFulfillmentDeliveredInput {
  @Field(() => ID, { description: 'The fulfilment.' })
  fulfillmentId!: string;
}

/** Input of `cancelFulfillment`. */
@InputType({ description: 'A fulfilment given up before it shipped (staff).' })
export class CancelFulfillmentInput {
  @Field(() => ID, { description: 'The fulfilment.' })
  fulfillmentId!: string;

  @Field({ description: 'Whether its units go back on the shelf (published for inventory with the event).' })
  restock!: boolean;
}

/** Result of a fulfilment mutation. */
@ObjectType({ description: 'Result of a fulfilment mutation.' })
export class FulfillmentPayload {
  @Field(() => Fulfillment, { nullable: true, description: 'The fulfilment after the change; null if nothing changed.' })
  fulfillment!: Fulfillment | null;

  @Field(() => Order, { nullable: true, description: 'The order after the change; null if nothing changed.' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Input of `requestReturn`. */
@InputType({ description: 'Delivered lines the shopper wants to send back.' })
export class RequestReturnInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => [OrderLineInput], { description: 'Lines and units; only delivered units not already asked back.' })
  lines!: OrderLineInput[];

  @Field({ description: 'Why they go back.' })
  reason!: string;
}

/** Input of `approveReturn`. */
@InputType({ description: 'A return request staff accept.' })
export class ApproveReturnInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;
}

/** Input of `declineReturn`. */
@InputType({ description: 'A return request staff decline.' })
export class DeclineReturnInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;

  @Field(() => String, { nullable: true, description: 'Why, for the shopper.' })
  reason?: string | null;
}

/** Input of `receiveReturn`. */
@InputType({ description: 'The approved lines arrived back at the shop.' })
export class ReceiveReturnInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;

  @Field({ description: 'Whether the units go back on the shelf (published for inventory with the event).' })
  restock!: boolean;
}

/** Result of a return mutation. */
@ObjectType({ description: 'Result of a return mutation.' })
export class ReturnRequestPayload {
  @Field(() => ReturnRequest, { nullable: true, description: 'The return request after the change; null if nothing changed.' })
  returnRequest!: ReturnRequest | null;

  @Field(() => Order, { nullable: true, description: 'The order after the change; null if nothing changed.' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Input of `refundOrder`. */
@InputType({ description: 'Money given back on an order (staff): by lines or by an amount, not both.' })
export class RefundOrderInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => [OrderLineInput], {
    nullable: true,
    description: 'Lines and units: each refunds its paid price per unit plus its share of the tax added on top.',
  })
  lines?: OrderLineInput[] | null;

  @Field(() => BigIntScalar, { nullable: true, description: 'An amount in minor units of the order currency.' })
  amountMinor?: bigint | null;

  @Field(() => String, { nullable: true, description: 'Why the money goes back.' })
  reason?: string | null;

  @Field({ defaultValue: false, description: 'Whether the refunded lines go back on the shelf (published for inventory).' })
  restock!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Makes the call safe to repeat: the same key returns the first outcome and never refunds twice.',
  })
  idempotencyKey?: string | null;
}

/** Input of `captureOrderPayment`. */
@InputType({ description: "Captures (part of) an order's authorized payment (staff)." })
export class CaptureOrderPaymentInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => BigIntScalar, { nullable: true, description: 'Minor units to capture, at most what is authorized; all of it when absent.' })
  amountMinor?: bigint | null;

  @Field(() => String, { nullable: true, description: 'Makes the call safe to repeat: the same key never captures twice.' })
  idempotencyKey?: string | null;
}

/** Input of `voidOrderPayment`. */
@InputType({ description: "Voids what is authorized and not captured of an order's payment (staff)." })
export class VoidOrderPaymentInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => String, { nullable: true, description: 'Makes the call safe to repeat: the same key never voids twice.' })
  idempotencyKey?: string | null;
}
