import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { hasPermission, shopperKey } from '@shopgraph/auth';
import { ConnectionArgs, type RequestContext, pageSize, toConnection } from '@shopgraph/subgraph';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { cancelOrder } from '../services/cancel-order.service.js';
import { listOrders } from '../services/order.service.js';
import { assertOwnerOrStaff } from './access.js';
import { orderLoaders } from './loaders.js';
import { CancelOrderInput, Order, OrderConnection, OrderItem, OrderPayload, OrderStatusChange, OrderStatusEvent } from './types.js';

/** Orders: reading, listing and cancelling. */
@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: "One order: the caller's own, or any for an admin." })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Order | null> {
    const order = await orderLoaders(ctx).order.load(id);
    if (order) assertOwnerOrStaff(ctx.identity, order.ownerKey);
    return order;
  }

  @Query(() => OrderConnection, { description: "The caller's orders, newest first; every order for staff with `orders:read`." })
  async orders(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<InstanceType<typeof OrderConnection>> {
    const owner = hasPermission(ctx.identity, 'orders:read') ? null : shopperKey(ctx.identity);
    const page = await listOrders(ctx.em, owner, pageSize(args.first), args.after);
    return toConnection({ ...page, items: page.items.map(({ cursor, order }) => ({ cursor, node: Order.from(order) })) }, args.after);
  }

  @Mutation(() => OrderPayload, {
    description:
      "Cancels an order before its first shipment (the shopper's own, or any for staff with `orders:write`): the payment is voided or refunded, promotion usage given back and loyalty points reversed; the stock goes back through inventory.",
  })
  async cancelOrder(@Arg('input', () => CancelOrderInput) input: CancelOrderInput, @Ctx() ctx: RequestContext): Promise<OrderPayload> {
    const existing = await orderLoaders(ctx).order.load(input.orderId);
    if (!existing) return { order: null, userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])] };
    assertOwnerOrStaff(ctx.identity, existing.ownerKey, 'orders:write');
    const actor = hasPermission(ctx.identity, 'orders:write') ? 'admin' : 'shopper';
    const result = await cancelOrder(ctx.em, ctx.runtime, existing.entity, { orderId: existing.id, actor, reason: input.reason ?? null });
    return { order: result.order ? Order.from(result.order) : null, userErrors: result.userErrors };
  }

  @FieldResolver(() => [OrderItem], { description: 'Lines of the order.' })
  async items(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderItem[]> {
    return (await orderLoaders(ctx).items.load(order.id)).map((i) => OrderItem.from(i, order.currency));
  }

  @FieldResolver(() => [OrderStatusChange], { description: 'Every status the order has had, oldest first.' })
  async statusHistory(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderStatusChange[]> {
    return (await orderLoaders(ctx).history.load(order.id)).map(OrderStatusChange.from);
  }

  @Subscription(() => OrderStatusEvent, {
    description: 'Status changes of one order, starting with its current status. Served by the gateway over graphql-ws.',
    subscribe: () => {
      throw new Error('orderStatusChanged is served by the gateway');
    },
  })
  orderStatusChanged(@Arg('orderId', () => ID) _orderId: string, @Root() event: OrderStatusEvent): OrderStatusEvent {
    return event;
  }
}
