import { UserErrorCode } from '@shopgraph/errors';
import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { REMOTE_RETRY, type ConfirmContext, classifyError, done, refuse } from './support.js';

/**
 * Keeps the session's stock held for the whole confirmation. No undo: after a refusal the hold
 * simply runs out with the reopened session (the shopper keeps the stock to try another card).
 */
export const extendReservation: Step<ConfirmPorts> = {
  id: 'extend-reservation',
  kind: 'compensable',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const { reservationId } = ctx.results['claim-checkout'] as { reservationId: string };
    const held = await ctx.ports.inventory.extend(reservationId, ctx.ports.settings.holdSeconds);
    if (!held)
      return refuse({ code: UserErrorCode.OUT_OF_STOCK, message: 'The stock held for this checkout was released: start checkout again' });
    return done({ reservationId });
  },
};
