import type { RequestContext } from '@shopgraph/subgraph';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { NO_HISTORY, type OrderHistory as OrderHistoryData } from '../domain/order-history.js';
import { orderHistories } from '../services/order-history.service.js';
import { assertSelfOrStaff } from './guards.js';
import { OrderHistory } from './order-history.types.js';
import { Customer } from './types.js';

/** Per-request loader of customers' order histories (one query for a page of customers). */
export function orderHistoryLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, OrderHistoryData>('orderHistory', async (ids) => {
    const histories = await orderHistories(ctx.em, ids, ctx.runtime.config.BASE_CURRENCY);
    return ids.map((id) => histories.get(id) ?? NO_HISTORY);
  });
}

/** Order history of a customer: readable by the customer and staff with customers:read. */
@Resolver(() => Customer)
export class OrderHistoryResolver {
  @FieldResolver(() => OrderHistory, {
    description: 'Orders count, lifetime value and last order, from real orders. Readable by the customer and staff with customers:read.',
  })
  async orderHistory(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<OrderHistory> {
    assertSelfOrStaff(ctx.identity, customer.id);
    return OrderHistory.from(await orderHistoryLoader(ctx).load(customer.id), ctx.runtime.config.BASE_CURRENCY);
  }
}
