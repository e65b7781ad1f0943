import type pg from 'pg';
import type { Reply } from './idempotency.js';

/** A pool or one of its clients: both run a query. */
export type Queryable = pg.Pool | pg.ClientBase;

/** A `paysim.payment` row as `pg` returns it (bigint columns as strings). */
export interface PaymentRow {
  psp_reference: string;
  reference: string;
  token: string;
  behaviour: string;
  currency: string;
  amount: string;
  status: string;
  authorized: string;
  captured: string;
  refunded: string;
  voided: string;
  capture_pending: string;
  refund_pending: string;
  created_at: Date;
}

/** What the simulator holds about one payment: amounts in minor units as strings, and its events in order. */
export interface PaymentSnapshotBody {
  pspReference: string;
  reference: string;
  status: string;
  currency: string;
  amount: string;
  authorized: string;
  captured: string;
  refunded: string;
  voided: string;
  capturePending: string;
  refundPending: string;
  events: {
    id: string;
    type: string;
    amount: string | null;
    code: string | null;
    message: string | null;
    operationKey?: string;
    created: number;
  }[];
}

/** Reads one payment, locked for the rest of the transaction when `lock` is set. */
export async function loadPayment(client: Queryable, pspReference: string, lock: boolean): Promise<PaymentRow | undefined> {
  const { rows } = await client.query<PaymentRow>(`select * from paysim.payment where psp_reference = $1${lock ? ' for update' : ''}`, [
    pspReference,
  ]);
  return rows[0];
}

/** The 2xx body of an operation on a payment. */
export function resultReply(
  httpStatus: number,
  payment: Pick<PaymentRow, 'psp_reference' | 'reference' | 'currency'>,
  status: string,
  amount: bigint,
  extra: Record<string, unknown> = {},
): Reply {
  return {
    status: httpStatus,
    body: {
      pspReference: payment.psp_reference,
      reference: payment.reference,
      status,
      amount: amount.toString(),
      currency: payment.currency,
      ...extra,
    },
  };
}

/** Snapshots of the given payments with their events. */
export async function snapshots(client: Queryable, payments: PaymentRow[]): Promise<PaymentSnapshotBody[]> {
  if (payments.length === 0) return [];
  const { rows } = await client.query<{
    id: string;
    psp_reference: string;
    type: string;
    amount: string | null;
    code: string | null;
    message: string | null;
    operation_key: string | null;
    created_at: Date;
  }>(
    'select id, psp_reference, type, amount, code, message, operation_key, created_at from paysim.payment_event where psp_reference = any($1) order by seq',
    [payments.map((p) => p.psp_reference)],
  );
  return payments.map((p) => ({
    pspReference: p.psp_reference,
    reference: p.reference,
    status: p.status,
    currency: p.currency,
    amount: p.amount,
    authorized: p.authorized,
    captured: p.captured,
    refunded: p.refunded,
    voided: p.voided,
    capturePending: p.capture_pending,
    refundPending: p.refund_pending,
    events: rows
      .filter((e) => e.psp_reference === p.psp_reference)
      .map((e) => ({
        id: e.id,
        type: e.type,
        amount: e.amount,
        code: e.code,
        message: e.message,
        ...(e.operation_key ? { operationKey: e.operation_key } : {}),
        created: Math.floor(e.created_at.getTime() / 1000),
      })),
  }));
}

/** Every payment the simulator holds for a shop reference, oldest first. */
export async function paymentsByReference(client: Queryable, reference: string): Promise<PaymentSnapshotBody[]> {
  const { rows } = await client.query<PaymentRow>('select * from paysim.payment where reference = $1 order by created_at, psp_reference', [
    reference,
  ]);
  return snapshots(client, rows);
}
