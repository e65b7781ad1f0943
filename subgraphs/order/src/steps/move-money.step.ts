import { UserErrorCode } from '@shopgraph/errors';
import { money, type CurrencyCode } from '@shopgraph/money';
import type { Step } from '@shopgraph/saga';
import type { PaymentEventType } from '../domain/payment-ledger.js';
import type { ProviderResult } from '../payments/payment-provider.js';
import type { ConfirmPorts, MoneyMoveKind } from './ports.js';
import { moneyKeyOf, moneyPlanOf } from './record-money-move.step.js';
import { REMOTE_RETRY, type ConfirmContext, classifyError, done, refuse } from './support.js';

/** The ledger fact a succeeded move appends. */
const SUCCESS: Record<MoneyMoveKind, PaymentEventType> = { REFUND: 'REFUND_SUCCESS', CAPTURE: 'CHARGE_SUCCESS', VOID: 'CANCEL_SUCCESS' };

/**
 * The pivot of a money move: the provider refunds, captures or voids (an asynchronous outcome is
 * folded when its webhook arrives). A refusal undoes the recorded request; after it, only forward.
 */
export const moveMoney: Step<ConfirmPorts> = {
  id: 'move-money',
  kind: 'pivot',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const plan = moneyPlanOf(ctx);
    const key = moneyKeyOf(ctx);
    const amountMinor = BigInt(plan.amountMinor);
    const { pspReference, paymentId } = plan;
    const { provider, settings, ledger } = ctx.ports;
    const options = { idempotencyKey: key, timeoutMs: settings.providerTimeoutMs };
    const amount = money(amountMinor, plan.currency as CurrencyCode);
    let result: ProviderResult;
    if (plan.kind === 'REFUND')
      result = await provider.refund({ pspReference, amount, ...(plan.reason ? { reason: plan.reason } : {}) }, options);
    else if (plan.kind === 'CAPTURE') result = await provider.capture({ pspReference, amount }, options);
    else result = await provider.void({ pspReference }, options);
    switch (result.outcome) {
      case 'SUCCEEDED':
        await ledger.record(paymentId, { type: SUCCESS[plan.kind], amountMinor, idempotencyKey: key, pspReference });
        return done({ moved: plan.amountMinor, pending: false });
      case 'PENDING':
      case 'ACTION_REQUIRED':
        return done({ moved: plan.amountMinor, pending: true });
      case 'DECLINED':
      case 'FAILED':
        if (result.outcome === 'FAILED' && result.retryable)
          throw new Error(`${plan.kind} of ${pspReference} failed (${result.code}): ${result.message}`);
        return refuse({
          code: UserErrorCode.PAYMENT_FAILED,
          message: `The provider refused the ${plan.kind.toLowerCase()} (${result.code})`,
          field: ['input'],
        });
    }
  },
};
