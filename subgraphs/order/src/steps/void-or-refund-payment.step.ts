import { money, type CurrencyCode } from '@shopgraph/money';
import type { Step } from '@shopgraph/saga';
import type { CancelPlan, ConfirmPorts } from './ports.js';
import { FORWARD_RETRY, type ConfirmContext, classifyError, done } from './support.js';

/** The plan the cancellation pivot made. */
export const cancelPlanOf = (ctx: ConfirmContext): CancelPlan => ctx.results['cancel-order'] as CancelPlan;

/**
 * Gives the money of a cancelled order back: voids what is authorized and not captured, refunds
 * what is captured and not refunded. Each call has its own key (`:void`, `:refund`), kept in the
 * ledger with its outcome; an asynchronous refund is folded when the provider's webhook arrives.
 */
export const voidOrRefundPayment: Step<ConfirmPorts> = {
  id: 'void-or-refund-payment',
  kind: 'retriable',
  retry: FORWARD_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const plan = cancelPlanOf(ctx);
    const { provider, ledger, settings } = ctx.ports;
    if (!plan.paymentId || !plan.pspReference) return done({ voided: '0', refunded: '0' });
    const { paymentId, pspReference } = plan;
    const call = { timeoutMs: settings.providerTimeoutMs };
    const voidMinor = BigInt(plan.voidMinor);
    if (voidMinor > 0n) {
      const key = `${ctx.key}:void`;
      await ledger.record(paymentId, { type: 'CANCEL_REQUEST', amountMinor: voidMinor, idempotencyKey: key, pspReference });
      const result = await provider.void({ pspReference }, { ...call, idempotencyKey: key });
      if (result.outcome !== 'SUCCEEDED' && result.outcome !== 'PENDING') {
        throw new Error(
          `void of ${pspReference} failed (${result.outcome === 'DECLINED' || result.outcome === 'FAILED' ? result.code : result.outcome})`,
        );
      }
      if (result.outcome === 'SUCCEEDED') {
        await ledger.record(paymentId, { type: 'CANCEL_SUCCESS', amountMinor: voidMinor, idempotencyKey: key, pspReference });
      }
    }
    const refundMinor = BigInt(plan.refundMinor);
    if (refundMinor > 0n) {
      const key = `${ctx.key}:refund`;
      const amount = money(refundMinor, plan.currency as CurrencyCode);
      await ledger.record(paymentId, { type: 'REFUND_REQUEST', amountMinor: refundMinor, idempotencyKey: key, pspReference });
      const result = await provider.refund({ pspReference, amount, reason: 'order cancelled' }, { ...call, idempotencyKey: key });
      if (result.outcome !== 'SUCCEEDED' && result.outcome !== 'PENDING') {
        throw new Error(
          `refund of ${pspReference} failed (${result.outcome === 'DECLINED' || result.outcome === 'FAILED' ? result.code : result.outcome})`,
        );
      }
      if (result.outcome === 'SUCCEEDED') {
        await ledger.record(paymentId, { type: 'REFUND_SUCCESS', amountMinor: refundMinor, idempotencyKey: key, pspReference });
      }
    }
    return done({ voided: plan.voidMinor, refunded: plan.refundMinor });
  },
};
