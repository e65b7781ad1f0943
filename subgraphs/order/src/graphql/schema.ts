import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { assertOwnerOrStaff } from './access.js';
import { CartResolver } from './cart.resolver.js';
import { orderLoaders } from './loaders.js';
import { OrderResolver } from './order.resolver.js';

/** The order subgraph schema. */
export function orderSchema() {
  return buildFederatedSchema({
    resolvers: [CartResolver, OrderResolver],
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
          if (cart) assertOwnerOrStaff(ctx.identity, cart.ownerKey);
          return cart;
        },
      },
    },
  });
}
