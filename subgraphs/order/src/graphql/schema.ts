import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { assertOwnerOrStaff } from './access.js';
import { CartResolver, CustomerCartResolver, currencyOf } from './cart.resolver.js';
import { Cart, CustomerRef } from './cart.types.js';
import { CheckoutResolver } from './checkout.resolver.js';
import { ConfirmationResolver } from './confirmation.resolver.js';
import { FulfilmentResolver } from './fulfilment.resolver.js';
import { orderLoaders } from './loaders.js';
import { MoneyResolver } from './money.resolver.js';
import { OrderResolver } from './order.resolver.js';
import { ReturnsResolver } from './returns.resolver.js';

/** The order subgraph schema. */
export function orderSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'Query.checkoutSession.id',
      'Query.order.id',
      'Mutation.retryCheckoutSaga.id',
      'Mutation.resolveCheckoutSaga.id',
      'AddCartItemInput.productId',
      'AddCartItemInput.warehouseId',
      'UpdateCartItemInput.lineId',
      'RemoveCartItemInput.lineId',
      'UpdateCheckoutStateInput.checkoutSessionId',
      'CheckoutAddressInput.savedAddressId',
      'CheckoutPaymentInput.savedPaymentMethodId',
      'CheckoutSessionInput.checkoutSessionId',
      'ConfirmCheckoutInput.checkoutSessionId',
      'CancelOrderInput.orderId',
      'CreateFulfillmentInput.orderId',
      'CreateFulfillmentInput.warehouseId',
      'OrderLineInput.orderItemId',
      'MarkFulfillmentShippedInput.fulfillmentId',
      'MarkFulfillmentDeliveredInput.fulfillmentId',
      'CancelFulfillmentInput.fulfillmentId',
      'RequestReturnInput.orderId',
      'ApproveReturnInput.returnId',
      'DeclineReturnInput.returnId',
      'ReceiveReturnInput.returnId',
      'RefundOrderInput.orderId',
      'CaptureOrderPaymentInput.orderId',
      'VoidOrderPaymentInput.orderId',
    ],
    resolvers: [
      CartResolver,
      CustomerCartResolver,
      CheckoutResolver,
      ConfirmationResolver,
      OrderResolver,
      FulfilmentResolver,
      ReturnsResolver,
      MoneyResolver,
    ],
    orphanedTypes: [CustomerRef],
    references: {
      Order: {
        __resolveReference: async (ref: { id: string }, ctx: RequestContext) => {
          const order = await orderLoaders(ctx).order.load(ref.id);
          if (order) assertOwnerOrStaff(ctx.identity, order.ownerKey);
          return order;
        },
      },
      Cart: {
        __resolveReference: async (ref: { id: string }, ctx: RequestContext) => {
          const cart = await orderLoaders(ctx).cart.load(ref.id);
          if (!cart) return null;
          assertOwnerOrStaff(ctx.identity, cart.ownerKey);
          return Cart.from(cart, currencyOf(ctx));
        },
      },
      Customer: { __resolveReference: (ref: { id: string }) => Object.assign(new CustomerRef(), { id: ref.id }) },
    },
  });
}
