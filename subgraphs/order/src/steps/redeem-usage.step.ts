import { UserErrorCode } from '@shopgraph/errors';
import type { Step } from '@shopgraph/saga';
import { sameRedemption } from '../domain/order-snapshot.js';
import type { ConfirmPorts } from './ports.js';
import { REMOTE_RETRY, type ConfirmContext, classifyError, done, inputOf, refuse, snapshotOf } from './support.js';

/** Who the promotion ledger counts the order against: the customer, or the guest's own id. */
export const buyerIdOf = (ownerKey: string, customerId: string | null): string => customerId ?? ownerKey.slice(ownerKey.indexOf(':') + 1);

/**
 * Takes the promotions' usage and the loyalty points before any money moves, since either can
 * refuse (a coupon's last use, a spent balance) and nothing able to refuse may follow the
 * authorization. A redemption other than the priced one is given back at once and refused.
 * Undone by giving usage and points back.
 */
export const redeemUsage: Step<ConfirmPorts> = {
  id: 'redeem-usage',
  kind: 'compensable',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const input = inputOf(ctx);
    const snapshot = snapshotOf(ctx);
    const expected = snapshot.discounts
      .filter((d) => d.kind === 'PROMOTION')
      .map((d) => ({ promotionId: d.promotionId!, amountMinor: d.amountMinor }));
    if (expected.length > 0) {
      const redeemed = await ctx.ports.promotions.redeem(input.orderId, buyerIdOf(input.ownerKey, input.customerId), snapshot);
      if (!sameRedemption(expected, redeemed)) {
        await ctx.ports.promotions.reverse(input.orderId);
        return refuse({
          code: UserErrorCode.PROMOTION_UNAVAILABLE,
          message: 'A promotion of this checkout is no longer available: review the checkout and confirm again',
          field: ['input', 'promotionCodes'],
        });
      }
    }
    if (snapshot.pointsUsed > 0 && input.customerId) {
      const refused = await ctx.ports.loyalty.redeem(input.customerId, input.orderId, snapshot.pointsUsed);
      if (refused) {
        await ctx.ports.promotions.reverse(input.orderId);
        return refuse(refused);
      }
    }
    return done({ promotions: expected.length, points: snapshot.pointsUsed }, { orderId: input.orderId, customerId: input.customerId });
  },
  async compensate(_undo: unknown, ctx: ConfirmContext) {
    const input = inputOf(ctx);
    await ctx.ports.promotions.reverse(input.orderId);
    if (input.customerId) await ctx.ports.loyalty.reverse(input.customerId, input.orderId);
  },
};
