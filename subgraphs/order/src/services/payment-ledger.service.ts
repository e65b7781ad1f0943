import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import type { OrderSnapshot } from '../domain/order-snapshot.js';
import { type PaymentEventType, foldPaymentEvents } from '../domain/payment-ledger.js';
import type { LedgerFact, LedgerPort, LedgerState } from '../steps/ports.js';
import {
  type PaymentEventView,
  type PaymentView,
  appendPaymentEvent,
  openPayment,
  paymentWithEvents,
  paymentsOfOrders,
} from '../store/payment.sql.js';

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

/** Folds a payment's events (oldest first) into its amounts, status, latest final failure and refused voids. */
export function ledgerStateOf(
  payment: Pick<PaymentView, 'pspReference' | 'amountMinor'>,
  events: readonly PaymentEventView[],
): LedgerState {
  const fold = foldPaymentEvents(
    events.map((e) => ({ type: e.type, amountMinor: e.amountMinor, pspEventId: e.pspEventId, idempotencyKey: e.dedupeKey })),
    payment.amountMinor,
  );
  // The latest outcome of each stage decides: a success after a failure (a retried capture) clears it.
  const latest = new Map<'AUTHORIZATION' | 'CHARGE', PaymentEventView>();
  for (const e of events) {
    const stage = OUTCOME_STAGE[e.type];
    if (stage) latest.set(stage, e);
  }
  const failed = [...latest.entries()].find(([, e]) => FAILURE_STAGE[e.type]);
  return {
    ...fold,
    pspReference: payment.pspReference,
    failure: failed
      ? { stage: failed[0], code: failed[1].code ?? 'failed', message: failed[1].message ?? 'the provider refused it' }
      : null,
    cancelFailures: events.filter((e) => e.type === 'CANCEL_FAILURE').length,
    expired:
      fold.charged === 0n &&
      fold.canceled === 0n &&
      events.some((e) => e.type === 'AUTHORIZATION_ADJUSTMENT') &&
      events.findLast((e) => e.type === 'AUTHORIZATION_ADJUSTMENT')!.amountMinor === 0n,
  };
}

/** Appends one fact to a payment's ledger through `sql`; the same fact reported again is one row. */
export function recordFact(sql: PreparedSql, paymentId: string, fact: LedgerFact): Promise<boolean> {
  return appendPaymentEvent(sql, paymentId, {
    type: fact.type,
    amountMinor: fact.amountMinor,
    dedupeKey: dedupeKeyOf(fact.type, fact.idempotencyKey),
    idempotencyKey: fact.idempotencyKey,
    pspReference: fact.pspReference ?? null,
    pspEventId: fact.pspEventId ?? null,
    code: fact.code ?? null,
    message: fact.message ?? null,
  });
}

/** The payment ledger on the order schema (the `LedgerPort` of the confirmation steps). */
export function paymentLedger(fork: () => EntityManager): LedgerPort {
  const sql = () => PreparedSql.of(fork());
  return {
    async open(paymentId: string, sessionId: string, snapshot: OrderSnapshot, provider: string) {
      await openPayment(await sql(), {
        id: paymentId,
        checkoutSessionId: sessionId,
        provider,
        currency: snapshot.currency,
        amountMinor: BigInt(snapshot.totalMinor),
        cardBrand: snapshot.payment.brand,
        cardLast4: snapshot.payment.last4,
      });
    },
    async record(paymentId: string, fact: LedgerFact) {
      await recordFact(await sql(), paymentId, fact);
    },
    async state(paymentId: string) {
      const found = await paymentWithEvents(await sql(), paymentId);
      return found ? ledgerStateOf(found.payment, found.events) : null;
    },
  };
}

/** The payments of many orders with their ledger state, in one statement. */
export async function paymentsOfOrdersWithState(
  em: EntityManager,
  orderIds: readonly string[],
): Promise<{ payment: PaymentView; state: LedgerState }[]> {
  const found = await paymentsOfOrders(await PreparedSql.of(em), orderIds);
  return found.map(({ payment, events }) => ({ payment, state: ledgerStateOf(payment, events) }));
}
