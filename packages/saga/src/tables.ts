import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { assertSchemaName } from '@shopgraph/events';
import type { RunError, RunSnapshot, RunStatus } from './workflow.js';

/** A `saga_run` row as the driver returns it. */
export type RunRow = {
  id: string;
  workflow: string;
  business_key: string;
  idempotency_key: string;
  request_hash: string;
  status: RunStatus;
  phase: 'do' | 'undo';
  step_id: string | null;
  step_index: number;
  input: unknown;
  state: Record<string, unknown>;
  attempts: number;
  lease_owner: string | null;
  next_attempt_at: Date | null;
  deadline: Date | null;
  park: { reason: string; deadline: string; details?: unknown } | null;
  error: RunError | null;
  last_error: RunError | null;
  note: string | null;
  created_at: Date;
  updated_at: Date;
};

/** A `saga_step` row: one phase (`do` or `undo`) of one step of one run. */
export type StepRow = {
  step_id: string;
  phase: 'do' | 'undo';
  status: 'started' | 'succeeded' | 'failed';
  result: { output: unknown; compensation?: unknown } | null;
  error: (RunError & { refused?: boolean }) | null;
};

/** A step record to upsert with a run's progress. */
export type StepRecord = Pick<StepRow, 'phase' | 'status'> & {
  step: string;
  attempt: number;
  key: string;
  result?: unknown;
  error?: unknown;
};

/** DDL of the saga tables in `schema`, idempotent, for a subgraph migration to include. */
export function sagaTablesSql(schema: string): string {
  const s = assertSchemaName(schema);
  return `
create table if not exists "${s}"."saga_run" (
  "id" uuid primary key,
  "workflow" text not null,
  "business_key" text not null,
  "idempotency_key" text not null,
  "request_hash" text not null,
  "status" text not null default 'RUNNING',
  "phase" text not null default 'do',
  "step_id" text null,
  "step_index" int not null default 0,
  "input" jsonb not null,
  "state" jsonb not null default '{}',
  "attempts" int not null default 0,
  "lease_owner" text null,
  "lease_until" timestamptz null,
  "next_attempt_at" timestamptz null,
  "deadline" timestamptz null,
  "park" jsonb null,
  "wake_pending" boolean not null default false,
  "error" jsonb null,
  "last_error" jsonb null,
  "note" text null,
  "traceparent" text null,
  "version" int not null default 0,
  "created_at" timestamptz not null default now(),
  "updated_at" timestamptz not null default now(),
  constraint "saga_run_idempotency_key_unique" unique ("workflow", "idempotency_key")
);
create unique index if not exists "saga_run_business_key_live_idx" on "${s}"."saga_run" ("workflow", "business_key") where "status" <> 'COMPENSATED';
create index if not exists "saga_run_pending_idx" on "${s}"."saga_run" ("updated_at") where "status" not in ('COMPLETED', 'COMPENSATED');
create table if not exists "${s}"."saga_step" (
  "run_id" uuid not null references "${s}"."saga_run" ("id") on delete cascade,
  "step_id" text not null,
  "phase" text not null check ("phase" in ('do', 'undo')),
  "status" text not null check ("status" in ('started', 'succeeded', 'failed')),
  "attempt" int not null,
  "idempotency_key" text not null,
  "result" jsonb null,
  "error" jsonb null,
  "updated_at" timestamptz not null default now(),
  primary key ("run_id", "step_id", "phase")
);`;
}

/** Creates the schema and its saga tables if missing (tests, tools). */
export async function ensureSagaTables(em: EntityManager, schema: string): Promise<void> {
  await em.execute(`create schema if not exists "${assertSchemaName(schema)}"; ${sagaTablesSql(schema)}`, [], 'run');
}

/** The public view of a run row. */
export function toSnapshot(row: RunRow): RunSnapshot {
  return {
    id: row.id,
    workflow: row.workflow,
    businessKey: row.business_key,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    stepIndex: row.step_index,
    stepId: row.step_id,
    phase: row.phase,
    input: row.input,
    results: row.state,
    error: row.error,
    lastError: row.last_error,
    park: row.park && { ...row.park, deadline: new Date(row.park.deadline) },
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at && new Date(row.next_attempt_at),
    note: row.note,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A run the engine may claim now: going forward or back and not backing off, or parked past its deadline. */
const DUE = `(("status" in ('RUNNING', 'COMPENSATING') and coalesce("next_attempt_at", '-infinity') <= now())
  or ("status" = 'AWAITING_ACTION' and "deadline" <= now()))`;
/** Needs a human, or not terminal long after it began ($1: how long, in ms). */
const STUCK = `("status" = 'NEEDS_ATTENTION' or ("status" not in ('COMPLETED', 'COMPENSATED') and "created_at" < now() - $1::int * interval '1 millisecond'))`;
const BUMP = `"version" = "version" + 1, "updated_at" = now()`;
const LEASE = (ms: string) => `now() + ${ms}::int * interval '1 millisecond'`;
/** $3: the lease in ms, renewed; or null, released. */
const RENEW_OR_RELEASE = `"lease_owner" = case when $3::int is null then null else "lease_owner" end, "lease_until" = ${LEASE('$3')}`;

/** The one access path of the saga tables of a schema (named statements through PreparedSql). */
export class SagaStore {
  private readonly run: string;
  private readonly step: string;
  private readonly leaseMs: number;

  constructor(
    private readonly em: EntityManager,
    private readonly schema: string,
    leaseMs: number,
  ) {
    this.run = `"${assertSchemaName(schema)}"."saga_run"`;
    this.step = `"${schema}"."saga_step"`;
    this.leaseMs = Math.round(leaseMs);
  }

  /** Inserts a run leased to `owner`, unless its idempotency key or live business key exists. */
  async insert(
    workflow: string,
    firstStep: string,
    owner: string,
    args: { businessKey: string; idempotencyKey: string; requestHash: string; input: unknown },
  ) {
    return this.one(
      'saga-insert',
      `insert into ${this.run} ("id", "workflow", "business_key", "idempotency_key", "request_hash", "step_id", "input", "lease_owner", "lease_until")
      values ($1, $2, $3, $4, $5, $6, $7, $8, ${LEASE('$9')}) on conflict do nothing returning *`,
      [
        randomUUID(),
        workflow,
        args.businessKey,
        args.idempotencyKey,
        args.requestHash,
        firstStep,
        JSON.stringify(args.input ?? null),
        owner,
        this.leaseMs,
      ],
    );
  }

  /** The run of this idempotency key, else the live or completed run of this business key. */
  async existing(workflow: string, idempotencyKey: string, businessKey: string) {
    return this.one(
      'saga-existing',
      `select * from ${this.run} where "workflow" = $1 and ("idempotency_key" = $2 or ("business_key" = $3 and "status" <> 'COMPENSATED'))
      order by ("idempotency_key" = $2) desc limit 1`,
      [workflow, idempotencyKey, businessKey],
    );
  }

  async get(runId: string) {
    return this.one('saga-get', `select * from ${this.run} where "id" = $1`, [runId]);
  }

  /** Leases a due run to `owner` if its lease is free, expired or already `owner`'s. */
  async claim(runId: string, owner: string, workflows: string[]) {
    return this.one(
      'saga-claim',
      `update ${this.run} set "lease_owner" = $2, "lease_until" = ${LEASE('$4')}, "next_attempt_at" = null,
        "status" = case "status" when 'AWAITING_ACTION' then 'RUNNING' else "status" end, ${BUMP}
      where "id" = $1 and "workflow" = any($3::text[]) and ${DUE} and ("lease_until" is null or "lease_until" < now() or "lease_owner" = $2) returning *`,
      [runId, owner, workflows, this.leaseMs],
    );
  }

  /** Due runs of `workflows` whose lease is free or expired. */
  async due(workflows: string[]): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      'saga-due',
      `select "id" from ${this.run}
      where "workflow" = any($1::text[]) and ${DUE} and ("lease_until" is null or "lease_until" < now()) order by "updated_at" limit 100`,
      [workflows],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Updates a run `owner` holds with `patch` (JSON columns take JSON text), renewing its lease or
   * releasing it, and upserts `record` in the same statement (on `em`: a local step's transaction).
   * Undefined when `owner` no longer holds the run.
   */
  async progress(
    runId: string,
    owner: string,
    patch: Record<string, unknown>,
    options: { record?: StepRecord; release?: boolean; em?: EntityManager },
  ) {
    const { record, release } = options;
    const columns = Object.keys(patch);
    // A wake-up that came while the step ran (the run was RUNNING) must not be lost to its park:
    // the park then keeps the run RUNNING and held, and the walk invokes the step again.
    const parking = patch.status === 'AWAITING_ACTION';
    const set = columns
      .map((column, i) =>
        parking && column === 'status'
          ? `"status" = case when "wake_pending" then 'RUNNING' else $${i + 4} end, `
          : `"${column}" = $${i + 4}, `,
      )
      .join('');
    const lease = parking
      ? `"lease_owner" = case when "wake_pending" or $3::int is not null then "lease_owner" end, "lease_until" = case when "wake_pending" then now() + ${this.leaseMs} * interval '1 millisecond' else ${LEASE('$3')} end, "wake_pending" = false`
      : RENEW_OR_RELEASE;
    const at = columns.length + 4;
    const upsert = `, "recorded" as (insert into ${this.step} ("run_id", "step_id", "phase", "status", "attempt", "idempotency_key", "result", "error")
        select "id", $${at}::text, $${at + 1}::text, $${at + 2}::text, $${at + 3}::int, $${at + 4}::text, $${at + 5}::jsonb, $${at + 6}::jsonb from "run"
        on conflict ("run_id", "step_id", "phase") do update set "status" = excluded."status", "attempt" = excluded."attempt",
          "result" = excluded."result", "error" = excluded."error", "updated_at" = now())`;
    const text = `with "run" as (update ${this.run} set ${set}${lease}, ${BUMP}
      where "id" = $1 and "lease_owner" = $2 returning *)${record ? upsert : ''} select * from "run"`;
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const values = [runId, owner, release ? null : this.leaseMs, ...Object.values(patch)];
    if (record) values.push(record.step, record.phase, record.status, record.attempt, record.key, json(record.result), json(record.error));
    // The column set varies from call to call: parsed each time rather than prepared under one name.
    const [row] = await this.sql(options.em).then((sql) =>
      sql.rows<RunRow>(`${this.schema}.saga-progress`, text, values, { prepare: false }),
    );
    return row;
  }

  async steps(runId: string) {
    return this.rows<StepRow>(
      'saga-steps',
      `select "step_id", "phase", "status", "result", "error" from ${this.step} where "run_id" = $1`,
      [runId],
    );
  }

  /**
   * AWAITING_ACTION → RUNNING; whether the run was parked. A run still RUNNING (its step may be about
   * to park on news that just arrived) is flagged instead, so that park does not happen.
   */
  async wake(runId: string): Promise<boolean> {
    const [row] = await this.rows<{ was: string }>(
      'saga-wake',
      `with "old" as (select "id", "status" from ${this.run} where "id" = $1 and "status" in ('AWAITING_ACTION', 'RUNNING') for update)
       update ${this.run} "r" set "status" = 'RUNNING', "wake_pending" = ("old"."status" = 'RUNNING'), ${BUMP}
       from "old" where "r"."id" = "old"."id" returning "old"."status" as "was"`,
      [runId],
    );
    return row?.was === 'AWAITING_ACTION';
  }

  /** NEEDS_ATTENTION → going on where it stopped, with fresh attempts and no lease. */
  async reset(runId: string) {
    return this.one(
      'saga-reset',
      `update ${this.run} set "status" = case "phase" when 'undo' then 'COMPENSATING' else 'RUNNING' end, "attempts" = 0,
        "next_attempt_at" = null, "lease_owner" = null, "lease_until" = null, ${BUMP}
      where "id" = $1 and "status" = 'NEEDS_ATTENTION' returning *`,
      [runId],
    );
  }

  /** NEEDS_ATTENTION → settled by hand: COMPENSATED if it was compensating, else COMPLETED. */
  async resolve(runId: string, note: string) {
    return this.one(
      'saga-resolve',
      `update ${this.run} set "status" = case "phase" when 'undo' then 'COMPENSATED' else 'COMPLETED' end, "note" = $2, "step_id" = null, ${BUMP}
      where "id" = $1 and "status" = 'NEEDS_ATTENTION' returning *`,
      [runId, note],
    );
  }

  /** Runs of a business key that a wake-up concerns: parked, or walking (about to park). */
  async wakeableRuns(workflow: string, businessKey: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      'saga-wakeable',
      `select "id" from ${this.run} where "workflow" = $1 and "business_key" = $2 and "status" in ('AWAITING_ACTION', 'RUNNING')`,
      [workflow, businessKey],
    );
    return rows.map((r) => r.id);
  }

  async stuck(olderThanMs: number, limit: number) {
    return this.rows<RunRow>('saga-stuck', `select * from ${this.run} where ${STUCK} order by "created_at" limit $2`, [olderThanMs, limit]);
  }

  async stuckCounts(olderThanMs: number) {
    return this.rows<{ workflow: string; n: number }>(
      'saga-stuck-counts',
      `select "workflow", count(*)::int as "n" from ${this.run} where ${STUCK} group by "workflow"`,
      [olderThanMs],
    );
  }

  private sql(em?: EntityManager) {
    return em ? Promise.resolve(PreparedSql.ofTransaction(em)) : PreparedSql.of(this.em);
  }

  private async rows<R extends Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<R[]> {
    return (await this.sql()).rows<R>(`${this.schema}.${name}`, text, values);
  }

  private async one(name: string, text: string, values: unknown[]): Promise<RunRow | undefined> {
    return (await this.rows<RunRow>(name, text, values))[0];
  }
}
