import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '@shopgraph/db';
import { createLogger } from '@shopgraph/observability';
import { freshDatabase } from '@shopgraph/testing';
import {
  defineWorkflow,
  ensureSagaTables,
  SagaEngine,
  type SagaEngineOptions,
  type Step,
  type StepKind,
  type StepOutcome,
  type Workflow,
} from '../src/index.js';

export const SCHEMA = 'shop';

/** A fresh database with the saga tables in SCHEMA and an ORM on it. */
export async function openSagaDatabase(prefix: string) {
  const db = await freshDatabase(prefix);
  const orm = await MikroORM.init({
    ...ormConfig({ url: db.url, schema: SCHEMA, entities: [], migrations: [] }),
    discovery: { warnWhenNoEntities: false },
  });
  await ensureSagaTables(orm.em.fork(), SCHEMA);
  return {
    url: db.url,
    orm,
    close: async () => {
      await orm.close(true);
      await db.drop();
    },
  };
}

/** A logger whose JSON lines the test reads back. */
export function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('saga-test', 'info', destination) };
}

/** One call a fake port received. */
export interface Call {
  op: 'do' | 'undo';
  step: string;
  key: string;
  undo?: unknown;
}

/**
 * The remote systems the steps call, in memory: each call is logged, faults make chosen calls throw,
 * and `hold` makes a step's invoke wait for a signal (a request still in flight).
 */
export class FakeRemote {
  readonly calls: Call[] = [];
  /** Step (or `<step>:undo`) → how many more calls throw. */
  readonly faults = new Map<string, number>();
  /** Step → what its invoke answers instead of succeeding (refuse, park). */
  readonly answers = new Map<string, () => StepOutcome | Promise<StepOutcome>>();
  /** Step → a promise its invoke waits for. */
  readonly holds = new Map<string, Promise<void>>();
  /** Resolves when a call of `step` arrives (see `arrived`). */
  private readonly arrivals = new Map<string, () => void>();

  keysOf(op: Call['op'], step: string): string[] {
    return this.calls.filter((call) => call.op === op && call.step === step).map((call) => call.key);
  }

  /** Resolves at the next call of `step` (a signal, not a clock). */
  arrived(step: string): Promise<void> {
    return new Promise((resolve) => this.arrivals.set(step, resolve));
  }

  async call(op: Call['op'], step: string, key: string, undo?: unknown): Promise<void> {
    this.calls.push({ op, step, key, ...(op === 'undo' && { undo }) });
    this.arrivals.get(step)?.();
    const name = op === 'undo' ? `${step}:undo` : step;
    const left = this.faults.get(name) ?? 0;
    if (left > 0) {
      this.faults.set(name, left - 1);
      throw new Error(`${name} is down`);
    }
    if (op === 'do') await this.holds.get(step);
  }
}

/** The ports of the test workflows. */
export interface Ports {
  remote: FakeRemote;
}

/** A remote step whose output records its key and the results it saw; its undo gives back its key. */
export function remoteStep(
  id: string,
  kind: StepKind = 'compensable',
  retry = { max: 2, backoffMs: [10] },
): Step<Ports, { key: string; seen: string[] }, { key: string }> {
  return {
    id,
    kind,
    retry,
    async invoke(ctx) {
      await ctx.ports.remote.call('do', id, ctx.key);
      const answer = await ctx.ports.remote.answers.get(id)?.();
      if (answer) return answer as StepOutcome<{ key: string; seen: string[] }, { key: string }>;
      return { kind: 'done', output: { key: ctx.key, seen: Object.keys(ctx.results) }, compensation: { key: ctx.key } };
    },
    async compensate(undo, ctx) {
      await ctx.ports.remote.call('undo', id, ctx.key, undo);
    },
  };
}

/** a, b (compensable), pay (pivot), ship (retriable). */
export function checkoutLike(name = 'checkout'): Workflow<Ports> {
  return defineWorkflow(name, [remoteStep('a'), remoteStep('b'), remoteStep('pay', 'pivot'), remoteStep('ship', 'retriable')]);
}

/** An engine on SCHEMA with quick retries. */
export function engineFor(orm: MikroORM, workflows: Workflow<Ports>[], remote: FakeRemote, extra: Partial<SagaEngineOptions<Ports>> = {}) {
  return new SagaEngine<Ports>({
    orm,
    schema: SCHEMA,
    workflows,
    ports: { remote },
    logger: createLogger('saga-test', 'silent'),
    ...extra,
  });
}

let counter = 0;
/** Start arguments with a fresh business and idempotency key. */
export function freshArgs(input: unknown = { total: 100 }) {
  counter += 1;
  return {
    businessKey: `session-${counter}-${Date.now()}`,
    idempotencyKey: `key-${counter}-${Date.now()}`,
    requestHash: `hash-${counter}`,
    input,
  };
}

/** The saga_step rows of a run, as (step:phase → status, key, attempt). */
export async function stepRecords(orm: MikroORM, runId: string) {
  const rows = await orm.em
    .fork()
    .execute<Array<{ step_id: string; phase: string; status: string; idempotency_key: string; attempt: number }>>(
      `select "step_id", "phase", "status", "idempotency_key", "attempt" from "${SCHEMA}"."saga_step" where "run_id" = ?`,
      [runId],
    );
  return Object.fromEntries(
    rows.map((row) => [`${row.step_id}:${row.phase}`, { status: row.status, key: row.idempotency_key, attempt: row.attempt }]),
  );
}
