import { ATTR_SHOP_ORDER_NUMBER, annotateActiveSpan } from '@shopgraph/observability';
import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { LOCAL_RETRY, type ConfirmContext, done, inputOf, snapshotOf } from './support.js';

/**
 * Writes the order (PENDING) with its items, addresses, totals breakdown and payment link, and its
 * `OrderCreated` outbox event, in the same transaction as the step's own record. Undone by
 * cancelling it.
 */
export const createOrder: Step<ConfirmPorts> = {
  id: 'create-order',
  operation: 'order_creation',
  kind: 'compensable',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const created = await ctx.ports.orders.create(ctx.em!, inputOf(ctx), snapshotOf(ctx));
    annotateActiveSpan({ [ATTR_SHOP_ORDER_NUMBER]: created.number });
    return done(created, created.orderId);
  },
  async compensate(orderId: unknown, ctx: ConfirmContext) {
    await ctx.ports.orders.cancel(ctx.em!, typeof orderId === 'string' ? orderId : inputOf(ctx).orderId);
  },
};
