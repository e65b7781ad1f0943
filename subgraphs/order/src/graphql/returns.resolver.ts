import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { type RequestContext, RequiresPermission } from '@shopgraph/subgraph';
import { orderServices } from '../services/order-services.js';
import { type ReturnResult, approveReturn, declineReturn, receiveReturn, requestReturn } from '../services/returns.service.js';
import { assertOwnerOrStaff } from './access.js';
import {
  ApproveReturnInput,
  DeclineReturnInput,
  ReceiveReturnInput,
  RequestReturnInput,
  ReturnRequest,
  ReturnRequestPayload,
} from './lifecycle.types.js';
import { orderLoaders } from './loaders.js';
import { Order } from './types.js';

const payload = (r: ReturnResult): ReturnRequestPayload => ({
  returnRequest: r.returnRequest ? ReturnRequest.from(r.returnRequest, r.items) : null,
  order: r.order ? Order.from(r.order) : null,
  userErrors: r.userErrors,
});

/** Returns: the shopper asks, staff approve or decline, then receive. */
@Resolver()
export class ReturnsResolver {
  @Mutation(() => ReturnRequestPayload, {
    description: "Asks to send delivered lines of the caller's order back, within the return window after delivery.",
  })
  async requestReturn(@Arg('input', () => RequestReturnInput) input: RequestReturnInput, @Ctx() ctx: RequestContext) {
    const order = await orderLoaders(ctx).order.load(input.orderId);
    if (!order)
      return payload({
        returnRequest: null,
        order: null,
        items: [],
        userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])],
      });
    assertOwnerOrStaff(ctx.identity, order.ownerKey, 'orders:write');
    const { config } = orderServices(ctx.runtime);
    return payload(await requestReturn(ctx.em, { orderId: order.id, lines: input.lines, reason: input.reason }, config.RETURN_WINDOW_DAYS));
  }

  @Mutation(() => ReturnRequestPayload, { description: 'Staff: accepts a return request.' })
  @RequiresPermission('orders:write')
  async approveReturn(@Arg('input', () => ApproveReturnInput) input: ApproveReturnInput, @Ctx() ctx: RequestContext) {
    return payload(await approveReturn(ctx.em, input.returnId));
  }

  @Mutation(() => ReturnRequestPayload, { description: 'Staff: declines a return request.' })
  @RequiresPermission('orders:write')
  async declineReturn(@Arg('input', () => DeclineReturnInput) input: DeclineReturnInput, @Ctx() ctx: RequestContext) {
    return payload(await declineReturn(ctx.em, input.returnId, input.reason ?? null));
  }

  @Mutation(() => ReturnRequestPayload, { description: 'Staff: the approved lines arrived back.' })
  @RequiresPermission('orders:write')
  async receiveReturn(@Arg('input', () => ReceiveReturnInput) input: ReceiveReturnInput, @Ctx() ctx: RequestContext) {
    return payload(await receiveReturn(ctx.em, input.returnId, input.restock));
  }
}
