import type { Step } from '@shopgraph/saga';
import type { CancelInput, ConfirmPorts } from './ports.js';
import { LOCAL_RETRY, type ConfirmContext, done, refuse } from './support.js';

/**
 * The pivot of a cancellation: under the order's lock, the state machine and its guard (nothing
 * shipped yet) decide; the order becomes CANCELLED with its `order.cancelled` event, and the plan
 * of what to give back is kept for the steps after it. Money returned cannot be taken back, so
 * everything after this step is only retried forward.
 */
export const cancelOrder: Step<ConfirmPorts> = {
  id: 'cancel-order',
  kind: 'pivot',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const decided = await ctx.ports.lifecycle.cancel(ctx.em!, ctx.input as CancelInput);
    return 'code' in decided ? refuse(decided) : done(decided);
  },
};
