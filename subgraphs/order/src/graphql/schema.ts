import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { assertOwnerOrStaff } from './access.js';
import { CartResolver, CustomerCartResolver, currencyOf } from './cart.resolver.js';
import { Cart, CustomerRef } from './cart.types.js';
import { CheckoutResolver } from './checkout.resolver.js';
import { ConfirmationResolver } from './confirmation.resolver.js';
import { orderLoaders } from './loaders.js';
import { OrderResolver } from './order.resolver.js';

/** The order subgraph schema. */
export function orderSchema() {
  return buildFederatedSchema({
    resolvers: [CartResolver, CustomerCartResolver, CheckoutResolver, ConfirmationResolver, OrderResolver],
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
