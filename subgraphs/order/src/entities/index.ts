import { CartLine } from './cart-line.entity.js';
import { Cart } from './cart.entity.js';
import { CheckoutSession } from './checkout-session.entity.js';
import { OrderItem } from './order-item.entity.js';
import { OrderStatusChange } from './order-status-change.entity.js';
import { Order } from './order.entity.js';
import { PaymentEvent } from './payment-event.entity.js';
import { PaymentProviderEvent } from './payment-provider-event.entity.js';
import { Payment } from './payment.entity.js';

/** Every entity of the order schema. */
export const entities = [Cart, CartLine, CheckoutSession, Order, OrderItem, OrderStatusChange, Payment, PaymentEvent, PaymentProviderEvent];
export { Cart, CartLine, CheckoutSession, Order, OrderItem, OrderStatusChange, Payment, PaymentEvent, PaymentProviderEvent };
