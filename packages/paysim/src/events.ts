import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { currentOperationKey } from './idempotency.js';

/** Types of the events the simulator records and sends as webhooks. */
export type PaysimEventType =
  | 'authorization.succeeded'
  | 'authorization.failed'
  | 'capture.succeeded'
  | 'capture.failed'
  | 'void.succeeded'
  | 'void.failed'
  | 'refund.succeeded'
  | 'refund.failed';

/** The JSON body of a webhook delivery. */
export interface PaysimWebhook {
  id: string;
  type: PaysimEventType;
  /** Unix seconds. */
  created: number;
  data: {
    pspReference: string;
    reference: string;
    amount: string;
    currency: string;
    code?: string;
    message?: string;
    /** The Idempotency-Key of the request this event reports the outcome of (absent for 3-D Secure and asynchronous outcomes). */
    operationKey?: string;
  };
}

/** The payment fields an event describes. */
export interface EventSubject {
  psp_reference: string;
  reference: string;
  currency: string;
}

/** A random id with a Stripe-like prefix (`evt_…`, `pay_…`, `tok_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/**
 * Records an event of a payment and queues its webhook in the caller's transaction, so the
 * webhook exists exactly when the state change it reports was committed.
 */
export async function recordEvent(
  client: pg.PoolClient,
  subject: EventSubject,
  type: PaysimEventType,
  amount: bigint,
  failure?: { code: string; message: string },
): Promise<PaysimWebhook> {
  const id = newId('evt');
  const created = Math.floor(Date.now() / 1000);
  const operationKey = currentOperationKey();
  await client.query(
    'insert into paysim.payment_event (id, psp_reference, type, amount, code, message, operation_key) values ($1, $2, $3, $4, $5, $6, $7)',
    [id, subject.psp_reference, type, amount.toString(), failure?.code ?? null, failure?.message ?? null, operationKey ?? null],
  );
  const webhook: PaysimWebhook = {
    id,
    type,
    created,
    data: {
      pspReference: subject.psp_reference,
      reference: subject.reference,
      amount: amount.toString(),
      currency: subject.currency,
      ...failure,
      ...(operationKey ? { operationKey } : {}),
    },
  };
  await client.query('insert into paysim.webhook_outbox (event_id, body) values ($1, $2)', [id, JSON.stringify(webhook)]);
  return webhook;
}
