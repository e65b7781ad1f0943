import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts, MoneyMoveInput, MoneyMovePlan } from './ports.js';
import { LOCAL_RETRY, type ConfirmContext, done, refuse } from './support.js';

/** The key of the money move's provider call, the same the ledger's pending request carries. */
export const moneyKeyOf = (ctx: ConfirmContext): string => `${ctx.runId}:move-money`;

/** The plan `record-money-move` made. */
export const moneyPlanOf = (ctx: ConfirmContext): MoneyMovePlan => ctx.results['record-money-move'] as MoneyMovePlan;

/**
 * Guards and records a refund, capture or void under the order's lock, with its request pending
 * in the ledger. Undone, once the provider refused, by failing that request.
 */
export const recordMoneyMove: Step<ConfirmPorts> = {
  id: 'record-money-move',
  kind: 'compensable',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const planned = await ctx.ports.lifecycle.beginMoneyMove(ctx.em!, ctx.input as MoneyMoveInput, moneyKeyOf(ctx));
    return 'code' in planned ? refuse(planned) : done(planned, planned);
  },
  async compensate(plan: unknown, ctx: ConfirmContext) {
    if (plan) await ctx.ports.lifecycle.abandonMoneyMove(plan as MoneyMovePlan, moneyKeyOf(ctx));
  },
};
