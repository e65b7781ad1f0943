import type { Step } from '@shopgraph/saga';
import type { ConfirmPorts, MoneyMoveInput } from './ports.js';
import { moneyPlanOf } from './record-money-move.step.js';
import { LOCAL_RETRY, type ConfirmContext, done } from './support.js';

/** The money moved: the order's version grows and its event goes out (a refund's with restock lines if asked). */
export const finishMoneyMove: Step<ConfirmPorts> = {
  id: 'finish-money-move',
  kind: 'retriable',
  local: true,
  retry: LOCAL_RETRY,
  async invoke(ctx: ConfirmContext) {
    const plan = moneyPlanOf(ctx);
    await ctx.ports.lifecycle.finishMoneyMove(ctx.em!, ctx.input as MoneyMoveInput, plan);
    return done({ moved: plan.amountMinor });
  },
};
