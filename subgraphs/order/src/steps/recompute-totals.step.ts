import { UserErrorCode } from '@shopgraph/errors';
import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { REMOTE_RETRY, type ConfirmContext, classifyError, done, inputOf, refuse } from './support.js';

/**
 * Prices the checkout now through the preview's one totals path and freezes it for the later
 * steps. The client's figure is never trusted: a total other than `expectedTotal` ends the run
 * before anything is redeemed or authorized. Nothing to undo.
 */
export const recomputeTotals: Step<ConfirmPorts> = {
  id: 'recompute-totals',
  kind: 'compensable',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const input = inputOf(ctx);
    const priced = await ctx.ports.checkout.snapshot(input.sessionId);
    if ('refusals' in priced) return refuse(priced.refusals[0]!);
    const { snapshot } = priced;
    if (snapshot.currency !== input.expectedTotal.currency || BigInt(snapshot.totalMinor) !== BigInt(input.expectedTotal.amountMinor)) {
      if (snapshot.unappliedCodes.length > 0) {
        return refuse({
          code: UserErrorCode.PROMOTION_UNAVAILABLE,
          message: `The promotion of code "${snapshot.unappliedCodes[0]}" is no longer available (its uses or budget ran out): review the checkout and confirm again`,
          field: ['input', 'promotionCodes'],
        });
      }
      return refuse({
        code: UserErrorCode.TOTALS_CHANGED,
        message: `The total is now ${snapshot.totalMinor} ${snapshot.currency} (you saw ${input.expectedTotal.amountMinor} ${input.expectedTotal.currency}): review the checkout and confirm again`,
        field: ['input', 'expectedTotal'],
      });
    }
    return done(snapshot);
  },
};
