import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { LOCAL_RETRY, type ConfirmContext, done, inputOf, refuse } from './support.js';

/**
 * OPEN → CONFIRMING: from here on the shopper cannot edit or abandon the session and the expiry
 * sweep leaves it alone, so nothing changes under the run. Undone by reopening it (stock still held).
 */
export const claimCheckout: Step<ConfirmPorts> = {
  id: 'claim-checkout',
  kind: 'compensable',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const input = inputOf(ctx);
    const claimed = await ctx.ports.checkout.claim(ctx.em!, input.sessionId, input.ownerKey);
    return 'reservationId' in claimed ? done(claimed, input.sessionId) : refuse(claimed);
  },
  async compensate(sessionId: unknown, ctx: ConfirmContext) {
    await ctx.ports.checkout.reopen(ctx.em!, typeof sessionId === 'string' ? sessionId : inputOf(ctx).sessionId);
  },
};
