import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { FORWARD_RETRY, type ConfirmContext, classifyError, done } from './support.js';

/** The paid order's stock leaves on-hand (inventory `confirmReservation`, idempotent). */
export const confirmReservation: Step<ConfirmPorts> = {
  id: 'confirm-reservation',
  kind: 'retriable',
  retry: FORWARD_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const { reservationId } = ctx.results['claim-checkout'] as { reservationId: string };
    await ctx.ports.inventory.confirm(reservationId);
    return done({ reservationId });
  },
};
