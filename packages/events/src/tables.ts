import type { EntityManager } from '@mikro-orm/postgresql';

/** Checks a PostgreSQL schema name before it is spliced into SQL. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return schema;
}

/** The NOTIFY channel that wakes the relay of `schema`'s outbox. */
export function outboxChannel(schema: string): string {
  return `${assertSchemaName(schema)}_outbox`;
}

/** The schema an EntityManager is configured for (a subgraph's own schema). */
export function schemaOf(em: EntityManager): string {
  const schema = em.config.get('schema');
  if (!schema) throw new Error('The EntityManager has no schema configured');
  return assertSchemaName(schema);
}

/** DDL of the outbox and inbox tables in `schema`, idempotent, for a subgraph migration to include. */
export function eventTablesSql(schema: string): string {
  const s = assertSchemaName(schema);
  return `
create table if not exists "${s}"."outbox" (
  "id" uuid primary key,
  "seq" bigserial not null,
  "name" text not null,
  "version" int not null,
  "producer" text not null,
  "aggregate_id" text not null,
  "payload" jsonb not null,
  "request_id" text null,
  "occurred_at" timestamptz not null default now(),
  "published_at" timestamptz null,
  "attempts" int not null default 0,
  "next_attempt_at" timestamptz not null default now(),
  "last_error" text null,
  "failed" boolean not null default false
);
create index if not exists "outbox_pending_idx" on "${s}"."outbox" ("occurred_at", "seq") where "published_at" is null and not "failed";
create index if not exists "outbox_aggregate_pending_idx" on "${s}"."outbox" ("aggregate_id", "occurred_at", "seq") where "published_at" is null and not "failed";
create table if not exists "${s}"."inbox" (
  "consumer" text not null,
  "event_id" uuid not null,
  "processed_at" timestamptz not null default now(),
  primary key ("consumer", "event_id")
);`;
}

/** Creates the schema and its event tables if missing (tests, tools). */
export async function ensureEventTables(em: EntityManager, schema: string): Promise<void> {
  await em.execute(`create schema if not exists "${assertSchemaName(schema)}"; ${eventTablesSql(schema)}`, [], 'run');
}
