import type { Step } from '@shopgraph/saga';
import { earnedBasePoints } from '../domain/order-snapshot.js';
import type { ConfirmPorts } from './ports.js';
import { FORWARD_RETRY, type ConfirmContext, classifyError, done, inputOf, snapshotOf } from './support.js';

/** Credits the customer's loyalty points for the paid order (idempotent by order id). */
export const earnPoints: Step<ConfirmPorts> = {
  id: 'earn-points',
  kind: 'retriable',
  retry: FORWARD_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const { customerId, orderId } = inputOf(ctx);
    const snapshot = snapshotOf(ctx);
    const { baseCurrency, earnMinorPerPoint } = ctx.ports.settings;
    const base = customerId ? earnedBasePoints(snapshot, baseCurrency, earnMinorPerPoint) : 0;
    if (!customerId || base === 0) return done({ pointsEarned: 0 });
    const amount = snapshot.currency === baseCurrency ? BigInt(snapshot.totalMinor) : null;
    return done({ pointsEarned: await ctx.ports.loyalty.earn(customerId, orderId, base, amount) });
  },
};
