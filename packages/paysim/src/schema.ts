import type pg from 'pg';

/** The PostgreSQL schema the simulator owns alone, apart from the shop's, so its state outlives the order process. */
export const PAYSIM_SCHEMA = 'paysim';

// Any constant shared by every paysim instance: two processes starting at once must not race on DDL.
const DDL_LOCK_KEY = 7_261_340_001;

const DDL = `
create schema if not exists paysim;
create table if not exists paysim.card_token (
  id text primary key,
  test_card text not null,
  brand text not null,
  last4 text not null,
  exp_month int not null,
  exp_year int not null,
  created_at timestamptz not null default now()
);
create table if not exists paysim.payment (
  psp_reference text primary key,
  reference text not null,
  token text not null,
  behaviour text not null,
  currency text not null,
  amount bigint not null,
  status text not null,
  authorized bigint not null default 0,
  captured bigint not null default 0,
  refunded bigint not null default 0,
  voided bigint not null default 0,
  capture_pending bigint not null default 0,
  refund_pending bigint not null default 0,
  created_at timestamptz not null default now()
);
create index if not exists payment_reference_idx on paysim.payment (reference);
create table if not exists paysim.payment_event (
  id text primary key,
  seq bigserial not null,
  psp_reference text not null references paysim.payment (psp_reference),
  type text not null,
  amount bigint,
  code text,
  message text,
  operation_key text,
  created_at timestamptz not null default now()
);
create index if not exists payment_event_payment_idx on paysim.payment_event (psp_reference, seq);
create table if not exists paysim.idempotency_key (
  endpoint text not null,
  key text not null,
  request_hash text not null,
  attempts int not null default 0,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (endpoint, key)
);
create table if not exists paysim.scheduled_outcome (
  id bigserial primary key,
  psp_reference text not null references paysim.payment (psp_reference),
  type text not null,
  amount bigint not null,
  due_at timestamptz not null,
  done_at timestamptz
);
create index if not exists scheduled_outcome_due_idx on paysim.scheduled_outcome (due_at) where done_at is null;
create table if not exists paysim.webhook_outbox (
  seq bigserial primary key,
  event_id text not null unique,
  body text not null,
  attempts int not null default 0,
  deliveries int not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  last_error text
);
create index if not exists webhook_outbox_due_idx on paysim.webhook_outbox (next_attempt_at) where delivered_at is null;
`;

/** Creates the simulator's schema and tables if missing, under an advisory lock. */
export async function ensurePaysimSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [DDL_LOCK_KEY]);
    try {
      await client.query(DDL);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [DDL_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
