import { CartLine } from './cart-line.entity.js';
import { Cart } from './cart.entity.js';
import { CheckoutSession } from './checkout-session.entity.js';
import { FulfilmentLine } from './fulfilment-line.entity.js';
import { Fulfilment } from './fulfilment.entity.js';
import { OrderItem } from './order-item.entity.js';
import { OrderStatusChange } from './order-status-change.entity.js';
import { Order } from './order.entity.js';
import { PaymentEvent } from './payment-event.entity.js';
import { PaymentProviderEvent } from './payment-provider-event.entity.js';
import { Payment } from './payment.entity.js';
import { Refund } from './refund.entity.js';
import { ReturnRequest } from './return-request.entity.js';

/** Every entity of the order schema. */
export const entities = [
  Cart,
  CartLine,
  CheckoutSession,
  Order,
  OrderItem,
  OrderStatusChange,
  Fulfilment,
  FulfilmentLine,
  Refund,
  ReturnRequest,
  Payment,
  PaymentEvent,
  PaymentProviderEvent,
];
export {
  Cart,
  CartLine,
  CheckoutSession,
  Fulfilment,
  FulfilmentLine,
  Order,
  OrderItem,
  OrderStatusChange,
  Payment,
  PaymentEvent,
  PaymentProviderEvent,
  Refund,
  ReturnRequest,
};
