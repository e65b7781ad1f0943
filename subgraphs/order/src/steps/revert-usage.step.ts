import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { FORWARD_RETRY, type ConfirmContext, classifyError, done } from './support.js';
import { cancelPlanOf } from './void-or-refund-payment.step.js';

/** Gives promotion usage back and reverses loyalty points as the plan says (domain/refund.ts). Idempotent by order id. */
export const revertUsage: Step<ConfirmPorts> = {
  id: 'revert-usage',
  kind: 'retriable',
  retry: FORWARD_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const plan = cancelPlanOf(ctx);
    if (plan.giveUsageBack) await ctx.ports.promotions.reverse(plan.orderId);
    if (plan.reverseLoyalty && plan.customerId) await ctx.ports.loyalty.reverse(plan.customerId, plan.orderId);
    return done({ usage: plan.giveUsageBack, loyalty: plan.reverseLoyalty && plan.customerId !== null });
  },
};
