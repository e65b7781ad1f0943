import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { type RequestContext, RequiresPermission } from '@shopgraph/subgraph';
import { FulfillmentStatus } from '../domain/fulfilment.js';
import { OrderPaymentStatus } from '../domain/payment-status.js';
import { ReturnStatus } from '../domain/return-policy.js';
import { isActiveWarehouse } from '../services/inventory.client.js';
import { orderServices } from '../services/order-services.js';
import {
  type FulfilmentResult,
  cancelFulfilment,
  createFulfilment,
  markFulfilmentDelivered,
  markFulfilmentShipped,
} from '../services/fulfilment.service.js';
import { type OrderDerived, deriveOrder } from '../services/order-lifecycle.service.js';
import {
  CancelFulfillmentInput,
  CreateFulfillmentInput,
  Fulfillment,
  FulfillmentPayload,
  MarkFulfillmentDeliveredInput,
  MarkFulfillmentShippedInput,
  ReturnRequest,
} from './lifecycle.types.js';
import { orderLoaders } from './loaders.js';
import { Order } from './types.js';

const payload = (r: FulfilmentResult): FulfillmentPayload => ({
  fulfillment: r.fulfilment ? Fulfillment.from(r.fulfilment, r.items) : null,
  order: r.order ? Order.from(r.order) : null,
  userErrors: r.userErrors,
});

/** Derived statuses of an order, from the rows the request's loaders batch. */
async function derived(order: Order, ctx: RequestContext): Promise<OrderDerived> {
  const loaders = orderLoaders(ctx);
  const [items, fulfilments, returns, payments] = await Promise.all([
    loaders.items.load(order.id),
    loaders.fulfilments.load(order.id),
    loaders.returns.load(order.id),
    loaders.payments.load(order.id),
  ]);
  return deriveOrder({ order: order.entity, items, fulfilments, returns, payments }, orderServices(ctx.runtime).config.RETURN_WINDOW_DAYS);
}

/** An order's derived statuses, fulfilments and returns, and the staff's fulfilment operations. */
@Resolver(() => Order)
export class FulfilmentResolver {
  @FieldResolver(() => OrderPaymentStatus, { description: 'Derived from the payment ledger.' })
  async paymentStatus(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderPaymentStatus> {
    return (await derived(order, ctx)).facts.payment;
  }

  @FieldResolver(() => FulfillmentStatus, { description: 'Derived from the fulfilments and their lines.' })
  async fulfillmentStatus(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<FulfillmentStatus> {
    return (await derived(order, ctx)).facts.fulfillment;
  }

  @FieldResolver(() => ReturnStatus, { description: 'Derived from the return requests.' })
  async returnStatus(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<ReturnStatus> {
    return (await derived(order, ctx)).facts.returns;
  }

  @FieldResolver(() => [Fulfillment], { description: 'Parcels of the order with carrier and tracking number, oldest first.' })
  async fulfillments(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<Fulfillment[]> {
    const loaders = orderLoaders(ctx);
    const [fulfilments, items] = await Promise.all([loaders.fulfilments.load(order.id), loaders.items.load(order.id)]);
    return fulfilments.map((f) => Fulfillment.from(f, items));
  }

  @FieldResolver(() => [ReturnRequest], { description: 'Return requests of the order, oldest first.' })
  async returnRequests(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<ReturnRequest[]> {
    const loaders = orderLoaders(ctx);
    const [returns, items] = await Promise.all([loaders.returns.load(order.id), loaders.items.load(order.id)]);
    return returns.map((r) => ReturnRequest.from(r, items));
  }

  @Mutation(() => FulfillmentPayload, { description: 'Staff: packs lines of a confirmed order from a warehouse.' })
  @RequiresPermission('orders:write')
  async createFulfillment(@Arg('input', () => CreateFulfillmentInput) input: CreateFulfillmentInput, @Ctx() ctx: RequestContext) {
    return payload(
      await createFulfilment(
        ctx.em,
        {
          orderId: input.orderId,
          lines: input.lines,
          warehouseId: input.warehouseId,
          carrier: input.carrier ?? null,
          trackingNumber: input.trackingNumber ?? null,
        },
        (warehouseId) => isActiveWarehouse(ctx.runtime, warehouseId),
      ),
    );
  }

  @Mutation(() => FulfillmentPayload, { description: 'Staff: a packed fulfilment was handed to the carrier.' })
  @RequiresPermission('orders:write')
  async markFulfillmentShipped(
    @Arg('input', () => MarkFulfillmentShippedInput) input: MarkFulfillmentShippedInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload(
      await markFulfilmentShipped(ctx.em, {
        fulfilmentId: input.fulfillmentId,
        carrier: input.carrier ?? null,
        trackingNumber: input.trackingNumber ?? null,
      }),
    );
  }

  @Mutation(() => FulfillmentPayload, { description: 'Staff: a shipped fulfilment reached the shopper.' })
  @RequiresPermission('orders:write')
  async markFulfillmentDelivered(
    @Arg('input', () => MarkFulfillmentDeliveredInput) input: MarkFulfillmentDeliveredInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload(await markFulfilmentDelivered(ctx.em, { fulfilmentId: input.fulfillmentId }));
  }

  @Mutation(() => FulfillmentPayload, { description: 'Staff: gives up a fulfilment before it shipped.' })
  @RequiresPermission('orders:write')
  async cancelFulfillment(@Arg('input', () => CancelFulfillmentInput) input: CancelFulfillmentInput, @Ctx() ctx: RequestContext) {
    return payload(await cancelFulfilment(ctx.em, { fulfilmentId: input.fulfillmentId, restock: input.restock }));
  }
}
