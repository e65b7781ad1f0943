import { defineEvent } from '@shopgraph/events';

/**
 * The order subgraph's events, shared with their consumers (customer, inventory, promotion,
 * catalog, review, notifications). Every event carries the order's `version`, which grows by one
 * with each change (`order.created` is version 1): a consumer keeping a projection stores the last
 * version it applied and ignores older ones, since the bus may reorder.
 */

/** One line of an order, as consumers read it. */
export interface OrderEventLine {
  sku: string;
  productId: string;
  quantity: number;
}

/** One line of a created order, with its prices (minor units as decimal strings). */
export interface OrderCreatedLine extends OrderEventLine {
  unitPriceMinor: string;
  lineTotalMinor: string;
}

/** Units of an order line to put back on the shelf, and the warehouse they left (null: where they were reserved). */
export interface OrderRestockLine extends OrderEventLine {
  warehouseId: string | null;
}

/** An order was born from a confirmed checkout (its payment authorized, capture to follow). */
export const OrderCreated = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  checkoutSessionId: string;
  currency: string;
  totalMinor: string;
  email: string;
  lines: OrderCreatedLine[];
  promotionIds: string[];
  pointsUsed: number;
}>('order.created', 1);

/** The order's payment was captured and the order confirmed (stock shipped from the reservation, points earned). */
export const OrderConfirmed = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  currency: string;
  totalMinor: string;
  pointsEarned: number;
}>('order.confirmed', 1);

/** Staff packed a fulfilment of some lines from a warehouse (not yet shipped). */
export const OrderFulfilmentCreated = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  fulfilmentId: string;
  warehouseId: string;
  lines: OrderEventLine[];
}>('order.fulfilment-created', 1);

/** A fulfilment left the warehouse with the carrier. */
export const OrderFulfilmentShipped = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  email: string | null;
  fulfilmentId: string;
  carrier: string | null;
  trackingNumber: string | null;
  /** ISO-8601 UTC. */
  shippedAt: string;
  lines: OrderEventLine[];
}>('order.fulfilment-shipped', 1);

/** A fulfilment was given up before it shipped; `restock` lines go back on the shelf. */
export const OrderFulfilmentCancelled = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  fulfilmentId: string;
  restock: OrderRestockLine[];
}>('order.fulfilment-cancelled', 1);

/**
 * A fulfilment was delivered, so every line shipped so far reached the shopper (reviews become
 * verified, requests are scheduled). `lines` are all the order's delivered units so far.
 */
export const OrderDelivered = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  email: string;
  /** ISO-8601 UTC. */
  deliveredAt: string;
  lines: OrderEventLine[];
}>('order.delivered', 1);

/**
 * The order was cancelled before its first shipment, its money voided or refunded. The order
 * subgraph gave promotion usage back and reversed loyalty itself when the flags say so; what it
 * cannot do is left to consumers: inventory puts `restock` back on the shelf (units whose
 * reservation `reservationId` was already confirmed), once per event.
 */
export const OrderCancelled = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  email: string | null;
  currency: string;
  refundedMinor: string;
  voidedMinor: string;
  reason: string | null;
  reservationId: string | null;
  restock: OrderRestockLine[];
  promotionIds: string[];
  usageGivenBack: boolean;
  loyaltyReversed: boolean;
}>('order.cancelled', 1);

/** Money went back to the shopper (by lines or by amount); `restock` lines go back on the shelf. */
export const OrderRefunded = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  email: string | null;
  refundId: string;
  currency: string;
  amountMinor: string;
  reason: string | null;
  restock: OrderRestockLine[];
}>('order.refunded', 1);

/** The order is settled for good: delivered, paid, no return open and the return window closed. */
export const OrderCompleted = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
}>('order.completed', 1);

/** The shopper asked to send delivered lines back. */
export const OrderReturnRequested = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  returnId: string;
  reason: string;
  lines: OrderEventLine[];
}>('order.return-requested', 1);

/** Staff accepted a return request: the shopper may send the lines. */
export const OrderReturnApproved = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  returnId: string;
}>('order.return-approved', 1);

/** Staff declined a return request. */
export const OrderReturnDeclined = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  returnId: string;
  reason: string | null;
}>('order.return-declined', 1);

/**
 * Lines came back to the shop (a received return): no review request for them. `restock` names
 * the units inventory puts back on the shelf (empty when staff keep them off it).
 */
export const OrderReturnReceived = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  customerId: string | null;
  lines: OrderEventLine[];
  restock: OrderRestockLine[];
}>('order.return-received', 1);

/** Staff captured (part of) the authorized payment. */
export const OrderPaymentCaptured = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  currency: string;
  amountMinor: string;
}>('order.payment-captured', 1);

/** Staff voided what was authorized and not captured. */
export const OrderPaymentVoided = defineEvent<{
  orderId: string;
  number: string;
  version: number;
  currency: string;
  amountMinor: string;
}>('order.payment-voided', 1);
