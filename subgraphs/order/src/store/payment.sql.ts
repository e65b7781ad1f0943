import type { PreparedSql } from '@shopgraph/db';
import type { PaymentEventType } from '../domain/payment-ledger.js';

/** A payment as stored: its amounts are folded from its events, never kept here. */
export interface PaymentView {
  id: string;
  orderId: string | null;
  checkoutSessionId: string;
  provider: string;
  pspReference: string | null;
  currency: string;
  amountMinor: bigint;
  cardBrand: string;
  cardLast4: string;
}

/** One fact of a payment's ledger. */
export interface PaymentEventView {
  paymentId: string;
  type: PaymentEventType;
  amountMinor: bigint;
  pspEventId: string | null;
  dedupeKey: string;
  code: string | null;
  message: string | null;
}

/** A fact to append: `dedupeKey` makes the same fact reported twice (a retry, a webhook) one row. */
export interface NewPaymentEvent {
  type: PaymentEventType;
  amountMinor: bigint;
  dedupeKey: string;
  idempotencyKey: string;
  pspReference: string | null;
  pspEventId: string | null;
  code: string | null;
  message: string | null;
}

interface PaymentRow {
  id: string;
  order_id: string | null;
  checkout_session_id: string;
  provider: string;
  psp_reference: string | null;
  currency: string;
  amount_minor: string;
  card_brand: string;
  card_last4: string;
}

interface EventRow {
  payment_id: string;
  type: PaymentEventType;
  amount_minor: string;
  psp_event_id: string | null;
  dedupe_key: string;
  code: string | null;
  message: string | null;
}

const PAYMENT_COLUMNS = `p.id, p.order_id, p.checkout_session_id, p.provider, p.psp_reference, p.currency, p.amount_minor::text, p.card_brand, p.card_last4`;

const paymentOf = (r: PaymentRow): PaymentView => ({
  id: r.id,
  orderId: r.order_id,
  checkoutSessionId: r.checkout_session_id,
  provider: r.provider,
  pspReference: r.psp_reference,
  currency: r.currency,
  amountMinor: BigInt(r.amount_minor),
  cardBrand: r.card_brand,
  cardLast4: r.card_last4,
});

const eventOf = (r: EventRow): PaymentEventView => ({
  paymentId: r.payment_id,
  type: r.type,
  amountMinor: BigInt(r.amount_minor),
  pspEventId: r.psp_event_id,
  dedupeKey: r.dedupe_key,
  code: r.code,
  message: r.message,
});

/** Creates a payment once (before the first provider call); a repeat changes nothing. */
export async function openPayment(
  sql: PreparedSql,
  p: Pick<PaymentView, 'id' | 'checkoutSessionId' | 'provider' | 'currency' | 'amountMinor' | 'cardBrand' | 'cardLast4'>,
): Promise<void> {
  await sql.rows(
    'order.payment-open',
    `insert into "order"."payment" (id, checkout_session_id, provider, currency, amount_minor, card_brand, card_last4, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, now(), now()) on conflict (id) do nothing`,
    [p.id, p.checkoutSessionId, p.provider, p.currency, String(p.amountMinor), p.cardBrand, p.cardLast4],
  );
}

/** Appends a fact to a payment's ledger once, learning the provider reference on the way; whether it was new. */
export async function appendPaymentEvent(sql: PreparedSql, paymentId: string, e: NewPaymentEvent): Promise<boolean> {
  const rows = await sql.rows<{ id: string }>(
    'order.payment-event-append',
    `with fact as (
       insert into "order"."payment_event" (id, payment_id, type, amount_minor, psp_reference, psp_event_id, idempotency_key, dedupe_key, code, message, occurred_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())
       on conflict (dedupe_key) do nothing returning id
     ), learned as (
       update "order"."payment" set psp_reference = coalesce(psp_reference, $4), updated_at = now() where id = $1 and $4::text is not null
     )
     select id from fact`,
    [paymentId, e.type, String(e.amountMinor), e.pspReference, e.pspEventId, e.idempotencyKey, e.dedupeKey, e.code, e.message],
  );
  return rows.length > 0;
}

/** Links a payment to the order created for it (in the order's transaction). */
export async function linkPaymentToOrder(sql: PreparedSql, paymentId: string, orderId: string): Promise<void> {
  await sql.rows('order.payment-link', `update "order"."payment" set order_id = $2, updated_at = now() where id = $1`, [
    paymentId,
    orderId,
  ]);
}

/** A payment with its events, oldest first, in one statement; null when unknown. */
export async function paymentWithEvents(
  sql: PreparedSql,
  paymentId: string,
): Promise<{ payment: PaymentView; events: PaymentEventView[] } | null> {
  const [found] = await paymentsWithEvents(sql, 'order.payment-with-events', `p.id = $1`, [paymentId]);
  return found ?? null;
}

/** The payments of many orders with their events, oldest first, in one statement. */
export function paymentsOfOrders(
  sql: PreparedSql,
  orderIds: readonly string[],
): Promise<{ payment: PaymentView; events: PaymentEventView[] }[]> {
  return paymentsWithEvents(sql, 'order.payments-of-orders', `p.order_id = any($1::uuid[])`, [[...orderIds]]);
}

/** The payment a provider event is about: by the provider's reference, or by our own id it echoes. */
export async function paymentForProviderEvent(sql: PreparedSql, pspReference: string, paymentId: string): Promise<PaymentView | null> {
  const row = await sql.row<PaymentRow>(
    'order.payment-for-provider-event',
    `select ${PAYMENT_COLUMNS} from "order"."payment" p where p.psp_reference = $1 or p.id::text = $2 limit 1`,
    [pspReference, paymentId],
  );
  return row ? paymentOf(row) : null;
}

/** Whether any payment of the order holds money (an authorization or a capture succeeded). */
export async function orderHoldsMoney(sql: PreparedSql, orderId: string): Promise<boolean> {
  const row = await sql.row<{ held: boolean }>(
    'order.payment-order-holds-money',
    `select exists (select 1 from "order"."payment_event" e join "order"."payment" p on p.id = e.payment_id
      where p.order_id = $1 and e.type in ('AUTHORIZATION_SUCCESS', 'CHARGE_SUCCESS')) as held`,
    [orderId],
  );
  return !!row?.held;
}

async function paymentsWithEvents(
  sql: PreparedSql,
  name: string,
  where: string,
  values: unknown[],
): Promise<{ payment: PaymentView; events: PaymentEventView[] }[]> {
  const rows = await sql.rows<PaymentRow & { events: EventRow[] | string }>(
    name,
    `select ${PAYMENT_COLUMNS},
        coalesce((select json_agg(json_build_object('payment_id', e.payment_id, 'type', e.type, 'amount_minor', e.amount_minor::text,
                   'psp_event_id', e.psp_event_id, 'dedupe_key', e.dedupe_key, 'code', e.code, 'message', e.message) order by e.occurred_at, e.id)
                  from "order"."payment_event" e where e.payment_id = p.id), '[]'::json) as events
       from "order"."payment" p where ${where} order by p.created_at, p.id`,
    values,
  );
  return rows.map((r) => ({
    payment: paymentOf(r),
    events: (typeof r.events === 'string' ? (JSON.parse(r.events) as EventRow[]) : r.events).map(eventOf),
  }));
}
