import { type RequestContext, groupByKeys, orderByKeys } from '@shopgraph/subgraph';
import { cartsByIds } from '../services/cart.service.js';
import { historyOfOrders, itemsOfOrders, ordersByIds } from '../services/order.service.js';
import { Cart, Order } from './types.js';
import type { OrderItem as OrderItemEntity, OrderStatusChange } from '../entities/index.js';

/** Per-request loaders of the order subgraph. */
export function orderLoaders(ctx: RequestContext) {
  return {
    order: ctx.loaders.get<string, Order | null>('order', async (ids) =>
      orderByKeys(ids, (await ordersByIds(ctx.em, ids)).map(Order.from), (o) => o.id),
    ),
    items: ctx.loaders.get<string, OrderItemEntity[]>('items', async (ids) =>
      groupByKeys(ids, await itemsOfOrders(ctx.em, ids), (i) => i.order.id),
    ),
    history: ctx.loaders.get<string, OrderStatusChange[]>('history', async (ids) =>
      groupByKeys(ids, await historyOfOrders(ctx.em, ids), (c) => c.order.id),
    ),
    cart: ctx.loaders.get<string, Cart | null>('cart', async (ids) =>
      orderByKeys(ids, (await cartsByIds(ctx.em, ids)).map(Cart.from), (c) => c.id),
    ),
  };
}
