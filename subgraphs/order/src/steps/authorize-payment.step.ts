import { UserErrorCode } from '@shopgraph/errors';
import { money, type CurrencyCode } from '@shopgraph/money';
import type { Step, StepOutcome } from '@shopgraph/saga';
import type { ConfirmPorts } from './ports.js';
import { REMOTE_RETRY, type ConfirmContext, classifyError, done, inputOf, refuse, snapshotOf } from './support.js';

/** What the authorization leaves for the later steps and for its undo. */
export interface Authorized {
  pspReference: string;
}

const declined = (code: string, message: string): StepOutcome =>
  refuse({
    code: UserErrorCode.PAYMENT_DECLINED,
    message: `Your card was declined (${code}): ${message}. Try another card.`,
    field: ['checkout', 'payment'],
    declineCode: code,
  });

/**
 * Authorizes the total on the shopper's card (capture comes after the order exists). The payment
 * row and the request are written before the call, and the call carries the step's persisted key,
 * so a retry, a takeover by another instance or a timeout that hid the answer finds the one
 * authorization. 3-D Secure parks the run until the provider's webhook says how it ended.
 * Undone by voiding the authorization.
 */
export const authorizePayment: Step<ConfirmPorts> = {
  id: 'authorize-payment',
  operation: 'payment_processing',
  kind: 'compensable',
  retry: REMOTE_RETRY,
  classify: classifyError,
  async invoke(ctx: ConfirmContext) {
    const { paymentId, sessionId } = inputOf(ctx);
    const snapshot = snapshotOf(ctx);
    const { provider, ledger, settings } = ctx.ports;
    const total = BigInt(snapshot.totalMinor);
    await ledger.open(paymentId, sessionId, snapshot, provider.code);
    const before = (await ledger.state(paymentId))!;
    if (before.authorized >= total && before.pspReference)
      return done({ pspReference: before.pspReference }, { pspReference: before.pspReference });
    if (before.failure?.stage === 'AUTHORIZATION') return declined(before.failure.code, before.failure.message);

    await ledger.record(paymentId, { type: 'AUTHORIZATION_REQUEST', amountMinor: total, idempotencyKey: ctx.key });
    const result = await provider.authorize(
      { paymentId, amount: money(total, snapshot.currency as CurrencyCode), token: snapshot.payment.token },
      { idempotencyKey: ctx.key, timeoutMs: settings.providerTimeoutMs },
    );
    switch (result.outcome) {
      case 'SUCCEEDED':
        await ledger.record(paymentId, {
          type: 'AUTHORIZATION_SUCCESS',
          amountMinor: total,
          idempotencyKey: ctx.key,
          pspReference: result.pspReference,
        });
        return done({ pspReference: result.pspReference }, { pspReference: result.pspReference });
      case 'ACTION_REQUIRED':
      case 'PENDING': {
        await ledger.record(paymentId, {
          type: 'AUTHORIZATION_ACTION_REQUIRED',
          amountMinor: total,
          idempotencyKey: ctx.key,
          pspReference: result.pspReference,
        });
        const action = result.outcome === 'ACTION_REQUIRED' ? result.action : null;
        return {
          kind: 'park',
          reason: 'PAYMENT_ACTION_REQUIRED',
          deadline: new Date(Date.now() + settings.actionDeadlineSeconds * 1000),
          details: { action, pspReference: result.pspReference },
        };
      }
      case 'DECLINED':
        await ledger.record(paymentId, {
          type: 'AUTHORIZATION_FAILURE',
          amountMinor: total,
          idempotencyKey: ctx.key,
          code: result.code,
          message: result.message,
        });
        return declined(result.code, result.message);
      case 'FAILED':
        if (result.retryable) throw new Error(`authorization of ${paymentId} failed (${result.code}): ${result.message}`);
        await ledger.record(paymentId, {
          type: 'AUTHORIZATION_FAILURE',
          amountMinor: total,
          idempotencyKey: ctx.key,
          code: result.code,
          message: result.message,
        });
        return refuse({
          code: UserErrorCode.PAYMENT_FAILED,
          message: `The payment could not be processed (${result.code}): try again or use another card`,
          field: ['payment'],
        });
    }
  },
  async compensate(undo: unknown, ctx: ConfirmContext) {
    const { paymentId } = inputOf(ctx);
    const { provider, ledger, settings } = ctx.ports;
    const state = await ledger.state(paymentId);
    // No payment yet (the invoke failed before opening it), nothing authorized, or voided already.
    const pspReference = (undo as Authorized | undefined)?.pspReference ?? state?.pspReference;
    if (!state || !pspReference || state.authorized === 0n) return;
    const amountMinor = state.authorized;
    // Voided already (an answer lost on the way back)? The provider's own record settles it.
    const held = await provider.retrieve(pspReference);
    if (held.status === 'VOIDED') {
      await ledger.record(paymentId, { type: 'CANCEL_SUCCESS', amountMinor, idempotencyKey: ctx.key, pspReference });
      return;
    }
    // A refused void is stored under its key (Stripe replays it): a later attempt is a new request.
    const key = state.cancelFailures === 0 ? ctx.key : `${ctx.key}:${state.cancelFailures}`;
    await ledger.record(paymentId, { type: 'CANCEL_REQUEST', amountMinor, idempotencyKey: key, pspReference });
    const result = await provider.void({ pspReference }, { idempotencyKey: key, timeoutMs: settings.providerTimeoutMs });
    if (result.outcome === 'SUCCEEDED') {
      await ledger.record(paymentId, { type: 'CANCEL_SUCCESS', amountMinor, idempotencyKey: key, pspReference });
      return;
    }
    if (result.outcome === 'DECLINED' || (result.outcome === 'FAILED' && !result.retryable)) {
      await ledger.record(paymentId, {
        type: 'CANCEL_FAILURE',
        amountMinor,
        idempotencyKey: key,
        pspReference,
        code: result.code,
        message: result.message,
      });
    }
    const reason = result.outcome === 'DECLINED' || result.outcome === 'FAILED' ? `${result.code}: ${result.message}` : result.outcome;
    throw new Error(`void of ${pspReference} failed (${reason})`);
  },
};
