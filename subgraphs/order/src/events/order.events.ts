import { defineEvent } from '@shopgraph/events';

/** One line of a created order, as consumers read it. */
export interface OrderCreatedLine {
  sku: string;
  productId: string;
  quantity: number;
  unitPriceMinor: string;
  lineTotalMinor: string;
}

/** An order was born from a confirmed checkout (its payment authorized, capture to follow). */
export const OrderCreated = defineEvent<{
  orderId: string;
  number: string;
  customerId: string | null;
  checkoutSessionId: string;
  currency: string;
  totalMinor: string;
  email: string;
  lines: OrderCreatedLine[];
  promotionIds: string[];
  pointsUsed: number;
}>('order.created', 1);
