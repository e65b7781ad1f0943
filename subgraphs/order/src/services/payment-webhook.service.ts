import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { PaymentProviderError, type ProviderEvent, WebhookSignatureError } from '../payments/payment-provider.js';
import { LEDGER_TYPE_OF_PROVIDER_EVENT } from '../payments/provider-ledger.js';
import { orderServices } from './order-services.js';
import {
  keepProviderEvent,
  markProviderEventProcessed,
  paymentForProviderEvent,
  takeProviderEvent,
  unprocessedProviderEvents,
} from '../store/index.js';
import { CONFIRM_CHECKOUT } from '../workflows/confirm-checkout.workflow.js';
import { recordFact } from './payment-ledger.service.js';

/** The job that folds one received provider event into the ledger. */
export const PAYMENT_EVENT_JOB = 'order.payment-event';

/** What the webhook endpoint answers. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A provider's webhook, raw: the signature is checked before anything is parsed or stored, the
 * event is kept once per provider event id, and a job folds it. The provider only waits for that.
 */
export async function receiveWebhook(
  runtime: SubgraphRuntime,
  providerCode: string,
  rawBody: Buffer,
  headers: Record<string, string>,
): Promise<WebhookAnswer> {
  const { provider } = orderServices(runtime);
  if (providerCode !== provider.code) return { status: 404, body: { error: `No payment provider "${providerCode}"` } };
  let event: ProviderEvent;
  try {
    event = provider.parseWebhook(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return { status: 400, body: { error: error.message } };
    // Signed by the provider but not an event we can read: its fault, said plainly, nothing kept.
    if (error instanceof PaymentProviderError && error.code === 'MALFORMED') return { status: 400, body: { error: error.message } };
    throw error;
  }
  const payload = JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  const kept = await keepProviderEvent(await PreparedSql.of(runtime.orm.em.fork()), provider.code, event.id, payload);
  // A lost enqueue is not lost work: the sweep folds events left unprocessed.
  if (kept) {
    await runtime.bus
      ?.scheduleAt(PAYMENT_EVENT_JOB, { provider: provider.code, eventId: event.id }, new Date())
      .catch((err: unknown) => runtime.logger.warn({ err }, 'payment event job not queued'));
  }
  return { status: 200, body: { received: true, duplicate: !kept } };
}

/**
 * Folds one received provider event into its payment's ledger (once: the ledger keys a fact by its
 * type and operation), then wakes the confirmation waiting for it. Never trusts an amount whose
 * provider reference or currency does not match the payment.
 */
export async function processProviderEvent(runtime: SubgraphRuntime, providerCode: string, eventId: string): Promise<void> {
  const { sagas } = orderServices(runtime);
  const session = await runtime.orm.em.fork().transactional(async (em: EntityManager) => {
    const tx = PreparedSql.ofTransaction(em);
    const event = await takeProviderEvent<ProviderEvent & { amount?: { amountMinor: string; currency: string } }>(
      tx,
      providerCode,
      eventId,
    );
    if (!event) return null;
    const payment = await paymentForProviderEvent(tx, event.pspReference, event.reference);
    if (!payment) throw new Error(`payment event ${eventId}: no payment for ${event.pspReference} yet`);
    const matches =
      (!payment.pspReference || payment.pspReference === event.pspReference) &&
      (!event.amount || event.amount.currency === payment.currency);
    if (matches) {
      await recordFact(tx, payment.id, {
        type: LEDGER_TYPE_OF_PROVIDER_EVENT[event.type],
        amountMinor: BigInt(event.amount?.amountMinor ?? 0),
        idempotencyKey: event.operationKey ?? `event:${event.id}`,
        pspReference: event.pspReference,
        pspEventId: event.id,
        code: event.code ?? null,
        message: event.message ?? null,
      });
    } else {
      runtime.logger.warn(
        { eventId, paymentId: payment.id },
        'payment event ignored: its reference or currency does not match the payment',
      );
    }
    await markProviderEventProcessed(tx, providerCode, eventId);
    return payment.checkoutSessionId;
  });
  // A run still walking may be about to park on this very news: the engine keeps that wake-up.
  if (session) await sagas.wakeByBusinessKey(CONFIRM_CHECKOUT, session);
}

/** Folds events whose job was lost or failed for good (oldest first, a batch at a time). */
export async function processPendingProviderEvents(runtime: SubgraphRuntime, olderThanSeconds = 30): Promise<number> {
  const rows = await unprocessedProviderEvents(await PreparedSql.of(runtime.orm.em.fork()), olderThanSeconds);
  for (const row of rows) {
    await processProviderEvent(runtime, row.provider, row.event_id).catch((err: unknown) =>
      runtime.logger.warn({ err, eventId: row.event_id }, 'payment event not folded yet'),
    );
  }
  return rows.length;
}
