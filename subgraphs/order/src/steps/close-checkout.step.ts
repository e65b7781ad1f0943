import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { LOCAL_RETRY, type ConfirmContext, done, inputOf } from './support.js';

/** The order becomes CONFIRMED; the session COMPLETED and its cart ORDERED, in one transaction. */
export const closeCheckout: Step<ConfirmPorts> = {
  id: 'close-checkout',
  kind: 'retriable',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const { orderId, sessionId } = inputOf(ctx);
    const { pointsEarned } = ctx.results['earn-points'] as { pointsEarned: number };
    await ctx.ports.orders.confirm(ctx.em!, orderId, pointsEarned);
    await ctx.ports.checkout.complete(ctx.em!, sessionId);
    return done({ orderId });
  },
};
