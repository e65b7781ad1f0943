import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderSnapshot } from '../domain/order-snapshot.js';
import { type PaymentEventType, foldPaymentEvents } from '../domain/payment-ledger.js';
import { Payment, PaymentEvent } from '../entities/index.js';
import type { LedgerFact, LedgerPort, LedgerState } from '../steps/ports.js';

/** The one key of a ledger fact: its type and the operation it is about. */
export const dedupeKeyOf = (type: PaymentEventType, operationKey: string): string => `${type}:${operationKey}`;

const FAILURE_STAGE: Partial<Record<string, 'AUTHORIZATION' | 'CHARGE'>> = {
  AUTHORIZATION_FAILURE: 'AUTHORIZATION',
  CHARGE_FAILURE: 'CHARGE',
};
const OUTCOME_STAGE: Partial<Record<string, 'AUTHORIZATION' | 'CHARGE'>> = {
  AUTHORIZATION_SUCCESS: 'AUTHORIZATION',
  AUTHORIZATION_FAILURE: 'AUTHORIZATION',
  CHARGE_SUCCESS: 'CHARGE',
  CHARGE_FAILURE: 'CHARGE',
};

/** Folds a payment's events (oldest first) into its amounts, status and latest final failure. */
export function ledgerStateOf(payment: Pick<Payment, 'pspReference' | 'amountMinor'>, events: readonly PaymentEvent[]): LedgerState {
  const fold = foldPaymentEvents(
    events.map((e) => ({
      type: e.type as PaymentEventType,
      amountMinor: BigInt(e.amountMinor),
      pspEventId: e.pspEventId ?? null,
      idempotencyKey: e.dedupeKey,
    })),
    BigInt(payment.amountMinor),
  );
  // The latest outcome of each stage decides: a success after a failure (a retried capture) clears it.
  const latest = new Map<'AUTHORIZATION' | 'CHARGE', PaymentEvent>();
  for (const e of events) {
    const stage = OUTCOME_STAGE[e.type];
    if (stage) latest.set(stage, e);
  }
  const failed = [...latest.entries()].find(([, e]) => FAILURE_STAGE[e.type]);
  const failure: LedgerState['failure'] = failed
    ? { stage: failed[0], code: failed[1].code ?? 'failed', message: failed[1].message ?? 'the provider refused it' }
    : null;
  return {
    ...fold,
    pspReference: payment.pspReference ?? null,
    failure,
    cancelFailures: events.filter((e) => e.type === 'CANCEL_FAILURE').length,
  };
}

/** The payment ledger on the order schema (the `LedgerPort` of the confirmation steps). */
export function paymentLedger(fork: () => EntityManager): LedgerPort {
  return {
    async open(paymentId: string, sessionId: string, snapshot: OrderSnapshot, provider: string) {
      await fork().execute(
        `insert into "order"."payment" ("id", "checkout_session_id", "provider", "currency", "amount_minor", "card_brand", "card_last4", "created_at", "updated_at")
         values (?, ?, ?, ?, ?, ?, ?, now(), now()) on conflict ("id") do nothing`,
        [paymentId, sessionId, provider, snapshot.currency, snapshot.totalMinor, snapshot.payment.brand, snapshot.payment.last4],
      );
    },
    async record(paymentId: string, fact: LedgerFact) {
      await recordFact(fork(), paymentId, fact);
    },
    async state(paymentId: string) {
      const em = fork();
      const payment = await em.findOneOrFail(Payment, { id: paymentId });
      const events = await em.find(PaymentEvent, { payment: paymentId }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
      return ledgerStateOf(payment, events);
    },
  };
}

/**
 * Appends one fact to a payment's ledger; the same fact (its type and operation key) reported
 * again, by a retry or by a webhook, is one row. Learns the provider reference on the way.
 */
export async function recordFact(em: EntityManager, paymentId: string, fact: LedgerFact): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `with "fact" as (
       insert into "order"."payment_event" ("id", "payment_id", "type", "amount_minor", "psp_reference", "psp_event_id", "idempotency_key", "dedupe_key", "code", "message", "occurred_at")
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())
       on conflict ("dedupe_key") do nothing returning "id"
     ), "learned" as (
       update "order"."payment" set "psp_reference" = coalesce("psp_reference", ?), "updated_at" = now() where "id" = ? and ?::text is not null
     )
     select "id" from "fact"`,
    [
      paymentId,
      fact.type,
      String(fact.amountMinor),
      fact.pspReference ?? null,
      fact.pspEventId ?? null,
      fact.idempotencyKey,
      dedupeKeyOf(fact.type, fact.idempotencyKey),
      fact.code ?? null,
      fact.message ?? null,
      fact.pspReference ?? null,
      paymentId,
      fact.pspReference ?? null,
    ],
  );
  return rows.length > 0;
}

/** The payments of many orders with their folded ledger state, in two queries. */
export async function paymentsOfOrders(
  em: EntityManager,
  orderIds: readonly string[],
): Promise<{ payment: Payment; state: LedgerState }[]> {
  const payments = await em.find(Payment, { orderId: { $in: [...orderIds] } }, { orderBy: { createdAt: 'asc' } });
  if (payments.length === 0) return [];
  const events = await em.find(
    PaymentEvent,
    { payment: { $in: payments.map((p) => p.id) } },
    { orderBy: { occurredAt: 'asc', id: 'asc' } },
  );
  return payments.map((payment) => ({
    payment,
    state: ledgerStateOf(
      payment,
      events.filter((e) => e.payment.id === payment.id),
    ),
  }));
}
