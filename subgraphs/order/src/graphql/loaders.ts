import { type RequestContext, groupByKeys, orderByKeys } from '@shopgraph/subgraph';
import type { CurrencyCode } from '@shopgraph/money';
import type { Fulfilment, OrderItem as OrderItemEntity, OrderStatusChange, ReturnRequest } from '../entities/index.js';
import { type CartView, type PricedCart, priceCarts } from '../services/cart-pricing.service.js';
import { cartsByIds, openCartsOf } from '../services/cart.service.js';
import { fulfilmentsOfOrders, historyOfOrders, itemsOfOrders, ordersByIds, returnsOfOrders } from '../services/order.service.js';
import { paymentsOfOrdersWithState } from '../services/payment-ledger.service.js';
import type { Cart } from './cart.types.js';
import { Order } from './types.js';

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
    fulfilments: ctx.loaders.get<string, Fulfilment[]>('fulfilments', async (ids) =>
      groupByKeys(ids, await fulfilmentsOfOrders(ctx.em, ids), (f) => f.order.id),
    ),
    returns: ctx.loaders.get<string, ReturnRequest[]>('returns', async (ids) =>
      groupByKeys(ids, await returnsOfOrders(ctx.em, ids), (r) => r.order.id),
    ),
    payments: ctx.loaders.get<string, Awaited<ReturnType<typeof paymentsOfOrdersWithState>>>('payments', async (ids) =>
      groupByKeys(ids, await paymentsOfOrdersWithState(ctx.em, ids), (p) => p.payment.orderId!),
    ),
    cart: ctx.loaders.get<string, CartView | null>('cart', async (ids) => orderByKeys(ids, await cartsByIds(ctx.em, ids), (c) => c.id)),
    openCartOf: ctx.loaders.get<string, CartView | null>('openCartOf', async (owners) =>
      orderByKeys(owners, await openCartsOf(ctx.em, owners), (c) => c.ownerKey),
    ),
    /** Carts priced now: one batch of subgraph calls per currency for every cart of the request. */
    pricedCart: ctx.loaders.get<Cart, PricedCart>(
      'pricedCart',
      async (carts) => {
        const byCurrency = new Map<CurrencyCode, Cart[]>();
        for (const c of carts) byCurrency.set(c.currency, [...(byCurrency.get(c.currency) ?? []), c]);
        const priced = new Map<Cart, PricedCart>();
        await Promise.all(
          [...byCurrency].map(async ([currency, group]) => {
            const results = await priceCarts(
              ctx.runtime,
              group.map((c) => c.entity),
              currency,
            );
            group.forEach((c, i) => priced.set(c, results[i]!));
          }),
        );
        return carts.map((c) => priced.get(c)!);
      },
      { cacheKeyFn: (c) => `${c.id}|${c.currency}` },
    ),
  };
}
