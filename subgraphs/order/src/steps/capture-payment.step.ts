import { UserErrorCode } from '@shopgraph/errors';
import { money, type CurrencyCode } from '@shopgraph/money';
import type { Step } from '@shopgraph/saga';
import type { Authorized } from './authorize-payment.step.js';
import type { ConfirmPorts } from './ports.js';
import { FinalStepError, REMOTE_RETRY, type ConfirmContext, classifyError, done, inputOf, refuse, snapshotOf } from './support.js';

const captureFailed = (code: string) =>
  refuse({
    code: UserErrorCode.PAYMENT_FAILED,
    message: `The payment could not be captured (${code}); nothing was charged. Try another card.`,
    field: ['payment'],
  });

/**
 * The pivot: takes the money. Before it every step is undone on failure; after it the run only
 * goes forward. An asynchronous capture parks the run until the provider's webhook.
 */
export const capturePayment: Step<ConfirmPorts> = {
  id: 'capture-payment',
  operation: 'payment_processing',
  kind: 'pivot',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const { paymentId } = inputOf(ctx);
    const snapshot = snapshotOf(ctx);
    const { pspReference } = ctx.results['authorize-payment'] as Authorized;
    const { provider, ledger, settings } = ctx.ports;
    const total = BigInt(snapshot.totalMinor);
    const before = await ledger.state(paymentId);
    if (!before) throw new FinalStepError(`payment ${paymentId} was never opened before its capture`);
    if (before.charged >= total) return done({ captured: String(before.charged) });
    if (before.failure?.stage === 'CHARGE') return captureFailed(before.failure.code);

    await ledger.record(paymentId, { type: 'CHARGE_REQUEST', amountMinor: total, idempotencyKey: ctx.key, pspReference });
    const result = await provider.capture(
      { pspReference, amount: money(total, snapshot.currency as CurrencyCode) },
      { idempotencyKey: ctx.key, timeoutMs: settings.providerTimeoutMs },
    );
    switch (result.outcome) {
      case 'SUCCEEDED':
        await ledger.record(paymentId, { type: 'CHARGE_SUCCESS', amountMinor: total, idempotencyKey: ctx.key, pspReference });
        return done({ captured: String(total) });
      case 'PENDING':
      case 'ACTION_REQUIRED':
        return {
          kind: 'park',
          reason: 'CAPTURE_PENDING',
          deadline: new Date(Date.now() + settings.actionDeadlineSeconds * 1000),
          details: { pspReference },
        };
      case 'DECLINED':
      case 'FAILED':
        if (result.outcome === 'FAILED' && result.retryable) {
          throw new Error(`capture of ${pspReference} failed (${result.code}): ${result.message}`);
        }
        // A decline and a final failure are the same fact for the ledger: the charge was refused.
        await ledger.record(paymentId, {
          type: 'CHARGE_FAILURE',
          amountMinor: total,
          idempotencyKey: ctx.key,
          pspReference,
          code: result.code,
          message: result.message,
        });
        return captureFailed(result.code);
    }
  },
};
