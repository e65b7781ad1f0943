import type pg from 'pg';
import { newId, recordEvent } from './events.js';
import { errorReply, type OperationResult } from './idempotency.js';
import { loadPayment, resultReply, type PaymentRow } from './payment-views.js';
import { testCardByToken, type TestCard } from './test-cards.js';

/** Settings the operations read. */
export interface OperationSettings {
  /** Public URL of the simulator (the 3-D Secure page lives there). */
  baseUrl(): string;
  slowResponseMs: number;
  asyncDelayMs: number;
  /** Faults tests switch off to see a stuck operation recover ("retry after the fault clears"). */
  faults: PaysimFaults;
}

/** Switchable faults of the simulator's sim-only cards. */
export interface PaysimFaults {
  /** The `void_fails` card's voids fail while this is on (default on). */
  voidFails: boolean;
}

/** An authorization request as the API validated it. */
export interface AuthorizeInput {
  amount: bigint;
  currency: string;
  token: string;
  reference: string;
}

const notFound = (psp: string): OperationResult => ({
  reply: errorReply(404, 'invalid_request_error', 'resource_missing', `No such payment: ${psp}`),
});
const invalid = (code: string, message: string): OperationResult => ({ reply: errorReply(400, 'invalid_request_error', code, message) });
const failed = (p: PaymentRow, code: string, message: string): OperationResult => ({
  reply: errorReply(402, 'payment_failed', code, message, { pspReference: p.psp_reference }),
});
const DECLINE_MESSAGES: Record<string, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
};

async function resolveToken(client: pg.PoolClient, token: string): Promise<TestCard | undefined> {
  const fixed = testCardByToken(token);
  if (fixed) return fixed;
  const { rows } = await client.query<{ test_card: string }>('select test_card from paysim.card_token where id = $1', [token]);
  return rows[0] && testCardByToken(rows[0].test_card);
}

/** Authorizes (manual capture) with the behaviour of the token's test card. */
export async function authorize(
  settings: OperationSettings,
  client: pg.PoolClient,
  attempt: number,
  input: AuthorizeInput,
): Promise<OperationResult> {
  const card = await resolveToken(client, input.token);
  if (!card) return invalid('token_not_found', 'No such token');
  if (card.behaviour === 'processing_error' && attempt === 1) {
    return {
      reply: errorReply(500, 'api_error', 'processing_error', 'An error occurred while processing the card; retry with the same key', {
        retryable: true,
      }),
      store: false,
    };
  }
  const status = card.behaviour === 'declined' ? 'declined' : card.behaviour === 'three_d_secure' ? 'requires_action' : 'authorized';
  const payment = { psp_reference: newId('pay'), reference: input.reference, currency: input.currency };
  await client.query(
    'insert into paysim.payment (psp_reference, reference, token, behaviour, currency, amount, status, authorized) values ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      payment.psp_reference,
      input.reference,
      input.token,
      card.behaviour,
      input.currency,
      input.amount.toString(),
      status,
      (status === 'authorized' ? input.amount : 0n).toString(),
    ],
  );
  if (status === 'declined') {
    const code = card.declineCode ?? 'card_declined';
    const message = DECLINE_MESSAGES[code] ?? 'Your card was declined.';
    await recordEvent(client, payment, 'authorization.failed', input.amount, { code, message });
    return { reply: errorReply(402, 'card_error', code, message, { pspReference: payment.psp_reference }) };
  }
  if (status === 'requires_action') {
    const url = `${settings.baseUrl()}/paysim/3ds/${payment.psp_reference}`;
    return { reply: resultReply(200, payment, 'requires_action', input.amount, { nextAction: { type: 'three_d_secure', url } }) };
  }
  const event = await recordEvent(client, payment, 'authorization.succeeded', input.amount);
  return {
    reply: resultReply(200, payment, 'succeeded', input.amount, { eventId: event.id }),
    delayMs: card.behaviour === 'timeout_after_effect' ? settings.slowResponseMs : 0,
  };
}

/** Captures up to what is authorized and not yet captured. */
export async function capture(
  settings: OperationSettings,
  client: pg.PoolClient,
  psp: string,
  amount: bigint,
  currency?: string,
): Promise<OperationResult> {
  const p = await loadPayment(client, psp, true);
  if (!p) return notFound(psp);
  if (currency !== undefined && currency !== p.currency) return invalid('currency_mismatch', `The payment is in ${p.currency}`);
  if (p.status !== 'authorized' && p.status !== 'captured')
    return invalid('payment_unexpected_state', `Cannot capture a payment in status ${p.status}`);
  if (amount > BigInt(p.authorized) - BigInt(p.captured) - BigInt(p.capture_pending))
    return invalid('amount_too_large', 'Capture exceeds the uncaptured authorized amount');
  if (p.behaviour === 'capture_fails' || p.behaviour === 'void_fails') {
    const failure = { code: 'capture_failed', message: 'The capture was refused by the issuer' };
    await recordEvent(client, p, 'capture.failed', amount, failure);
    return failed(p, failure.code, failure.message);
  }
  if (p.behaviour === 'async_capture') {
    await client.query('update paysim.payment set capture_pending = capture_pending + $2 where psp_reference = $1', [
      psp,
      amount.toString(),
    ]);
    await schedule(client, psp, 'capture.succeeded', amount, settings.asyncDelayMs);
    return { reply: resultReply(202, p, 'pending', amount) };
  }
  await client.query("update paysim.payment set captured = captured + $2, status = 'captured' where psp_reference = $1", [
    psp,
    amount.toString(),
  ]);
  const event = await recordEvent(client, p, 'capture.succeeded', amount);
  return { reply: resultReply(200, p, 'succeeded', amount, { eventId: event.id }) };
}

/** Releases an authorization (or abandons a 3-D Secure challenge); refused once anything was captured. */
export async function voidPayment(settings: OperationSettings, client: pg.PoolClient, psp: string): Promise<OperationResult> {
  const p = await loadPayment(client, psp, true);
  if (!p) return notFound(psp);
  if (BigInt(p.captured) > 0n || BigInt(p.capture_pending) > 0n)
    return invalid('payment_already_captured', 'A captured payment cannot be voided; refund it');
  if (p.status !== 'authorized' && p.status !== 'requires_action')
    return invalid('payment_unexpected_state', `Cannot void a payment in status ${p.status}`);
  const amount = BigInt(p.authorized);
  if (p.behaviour === 'void_fails' && settings.faults.voidFails) {
    const failure = { code: 'void_failed', message: 'The authorization could not be released' };
    await recordEvent(client, p, 'void.failed', amount, failure);
    return failed(p, failure.code, failure.message);
  }
  await client.query("update paysim.payment set voided = authorized, status = 'voided' where psp_reference = $1", [psp]);
  const event = await recordEvent(client, p, 'void.succeeded', amount);
  return { reply: resultReply(200, p, 'succeeded', amount, { eventId: event.id }) };
}

/** Refunds up to what is captured and not yet refunded (pending refunds count). */
export async function refund(
  settings: OperationSettings,
  client: pg.PoolClient,
  psp: string,
  amount: bigint,
  currency?: string,
): Promise<OperationResult> {
  const p = await loadPayment(client, psp, true);
  if (!p) return notFound(psp);
  if (currency !== undefined && currency !== p.currency) return invalid('currency_mismatch', `The payment is in ${p.currency}`);
  if (amount > BigInt(p.captured) - BigInt(p.refunded) - BigInt(p.refund_pending))
    return invalid('amount_too_large', 'Refund exceeds the captured amount not yet refunded');
  if (p.behaviour === 'refund_fails') {
    await client.query('update paysim.payment set refund_pending = refund_pending + $2 where psp_reference = $1', [psp, amount.toString()]);
    await schedule(client, psp, 'refund.failed', amount, settings.asyncDelayMs);
    return { reply: resultReply(202, p, 'pending', amount) };
  }
  await client.query(
    "update paysim.payment set refunded = refunded + $2, status = case when refunded + $2 = captured then 'refunded' else status end where psp_reference = $1",
    [psp, amount.toString()],
  );
  const event = await recordEvent(client, p, 'refund.succeeded', amount);
  return { reply: resultReply(200, p, 'succeeded', amount, { eventId: event.id }) };
}

/** Ends a 3-D Secure challenge the way the shopper's bank page would. */
export async function resolveThreeDSecure(client: pg.PoolClient, psp: string, approve: boolean): Promise<OperationResult> {
  const p = await loadPayment(client, psp, true);
  if (!p) return notFound(psp);
  if (p.status !== 'requires_action')
    return { reply: errorReply(409, 'invalid_request_error', 'payment_unexpected_state', `No challenge pending (status ${p.status})`) };
  const amount = BigInt(p.amount);
  if (approve) {
    await client.query("update paysim.payment set status = 'authorized', authorized = amount where psp_reference = $1", [psp]);
    const event = await recordEvent(client, p, 'authorization.succeeded', amount);
    return { reply: resultReply(200, p, 'succeeded', amount, { eventId: event.id }) };
  }
  await client.query("update paysim.payment set status = 'failed' where psp_reference = $1", [psp]);
  await recordEvent(client, p, 'authorization.failed', amount, {
    code: 'authentication_failed',
    message: 'The shopper failed 3-D Secure authentication',
  });
  return { reply: resultReply(200, p, 'failed', amount) };
}

async function schedule(client: pg.PoolClient, psp: string, type: string, amount: bigint, delayMs: number): Promise<void> {
  await client.query(
    "insert into paysim.scheduled_outcome (psp_reference, type, amount, due_at) values ($1, $2, $3, now() + $4 * interval '1 millisecond')",
    [psp, type, amount.toString(), delayMs],
  );
}

/** Applies the asynchronous outcomes that are due (Adyen-style capture and refund results); returns how many. */
export async function applyDueOutcomes(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ id: string; psp_reference: string; type: string; amount: string }>(
    'select id, psp_reference, type, amount from paysim.scheduled_outcome where done_at is null and due_at <= now() order by id limit 50 for update skip locked',
  );
  for (const outcome of rows) {
    const p = (await loadPayment(client, outcome.psp_reference, true))!;
    const amount = BigInt(outcome.amount);
    if (outcome.type === 'capture.succeeded') {
      await client.query(
        "update paysim.payment set capture_pending = capture_pending - $2, captured = captured + $2, status = 'captured' where psp_reference = $1",
        [p.psp_reference, outcome.amount],
      );
      await recordEvent(client, p, 'capture.succeeded', amount);
    } else {
      await client.query('update paysim.payment set refund_pending = refund_pending - $2 where psp_reference = $1', [
        p.psp_reference,
        outcome.amount,
      ]);
      await recordEvent(client, p, 'refund.failed', amount, { code: 'refund_failed', message: 'The refund was refused by the issuer' });
    }
    await client.query('update paysim.scheduled_outcome set done_at = now() where id = $1', [outcome.id]);
  }
  return rows.length;
}
