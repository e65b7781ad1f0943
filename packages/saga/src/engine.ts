import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { assertSchemaName, type JobQueue, PgBossBus } from '@shopgraph/events';
import type { Logger, Registry } from '@shopgraph/observability';
import { sagaMetrics, type SagaMetrics } from './metrics.js';
import { SagaBackground } from './recovery.js';
import { SagaRunner } from './runner.js';
import { SagaStore, toSnapshot, type RunRow } from './tables.js';
import { SagaError, type RunSnapshot, type Workflow } from './workflow.js';

/** How a SagaEngine reaches its tables, steps and bus. */
export interface SagaEngineOptions<Ports> {
  orm: MikroORM;
  /** The owning subgraph's schema, holding `saga_run` and `saga_step`. */
  schema: string;
  workflows: Workflow<Ports>[];
  /** What the steps call (payments, clients, store). */
  ports: Ports;
  /** Carries advance jobs, the sweep and dead letters (`<schema>.saga.dead`); without one, dead letters are only rows. */
  bus?: JobQueue;
  logger: Logger;
  registry?: Registry;
  /** How long a claim lasts without a commit (default 30 s); then any instance may take the run over. */
  leaseMs?: number;
  /** Background sweep period (default 30 s). */
  sweepIntervalSeconds?: number;
  /** This instance's lease owner name (default: host, pid and a random suffix). */
  instanceId?: string;
}

/** A new run's identity and input. */
export interface StartArgs {
  /** At most one live or completed run per business key (e.g. the checkout session id). */
  businessKey: string;
  idempotencyKey: string;
  /** Hash of the request: the same key with another request is refused. */
  requestHash: string;
  input: unknown;
}

const POLL_MS = 50;
const STUCK_AFTER_MS = 5 * 60_000;

/**
 * A durable saga engine (CHECKOUT-SAGA.md): runs live in `saga_run`/`saga_step` of the owning schema,
 * every step commit renews the run's lease, and any instance takes over a run whose lease expired.
 */
export class SagaEngine<Ports> {
  /** Lease owner name of this engine. */
  readonly instanceId: string;
  /** The dead-letter queue of runs needing attention (`bus.deadLetters(`${schema}.saga`)` lists it). */
  readonly deadLetterQueue: string;
  private readonly store: SagaStore;
  private readonly runner: SagaRunner<Ports>;
  private readonly workflowNames: string[];
  private readonly metrics: SagaMetrics;
  /** Runs this engine walks right now: another drive here must not walk them too. */
  private readonly walking = new Set<string>();
  private background?: SagaBackground;

  constructor(private readonly options: SagaEngineOptions<Ports>) {
    this.workflowNames = options.workflows.map((workflow) => workflow.name);
    if (this.workflowNames.length === 0 || new Set(this.workflowNames).size !== this.workflowNames.length) {
      throw new SagaError('INVALID_WORKFLOW', 'A SagaEngine needs workflows with distinct names');
    }
    const leaseMs = Math.round(options.leaseMs ?? 30_000);
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.deadLetterQueue = PgBossBus.deadLetterQueue(`${assertSchemaName(options.schema)}.saga`);
    this.store = new SagaStore(options.orm.em, options.schema, leaseMs);
    this.metrics = sagaMetrics(options.registry, async (gauge) => {
      for (const { workflow, n } of await this.store.stuckCounts(STUCK_AFTER_MS)) gauge.inc({ workflow }, n);
    });
    this.runner = new SagaRunner({
      ...options,
      store: this.store,
      leaseMs,
      instanceId: this.instanceId,
      metrics: this.metrics,
      deadLetterQueue: this.deadLetterQueue,
      kick: async (runId, delayMs) => this.background?.kick(runId, delayMs),
    });
  }

  /**
   * Inserts a run leased to this engine, or returns the existing one (`created: false`): the run of the
   * same idempotency key (another request hash: IDEMPOTENCY_KEY_REUSED), else the live or completed
   * run of the same business key.
   */
  async start(workflowName: string, args: StartArgs): Promise<{ run: RunSnapshot; created: boolean }> {
    const workflow = this.options.workflows.find((candidate) => candidate.name === workflowName);
    if (!workflow) throw new SagaError('UNKNOWN_WORKFLOW', `Unknown workflow "${workflowName}"`);
    // A conflicting run can turn COMPENSATED between the insert and the read: then insert again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = await this.store.insert(workflowName, workflow.steps[0]!.id, this.instanceId, args);
      if (created) return { run: toSnapshot(created), created: true };
      const existing = await this.store.existing(workflowName, args.idempotencyKey, args.businessKey);
      if (existing?.idempotency_key === args.idempotencyKey && existing.request_hash !== args.requestHash) {
        throw new SagaError('IDEMPOTENCY_KEY_REUSED', `Idempotency key "${args.idempotencyKey}" was used for another request`);
      }
      if (existing) return { run: toSnapshot(existing), created: false };
    }
    throw new Error(`Could not start or find a run of ${workflowName} for ${args.businessKey}`);
  }

  /**
   * Claims the run and walks it until it ends, parks or `budgetMs` is spent (then the background goes on
   * with it). If another walker holds it, polls within the budget. Returns the latest snapshot.
   */
  async drive(runId: string, options: { budgetMs?: number } = {}): Promise<RunSnapshot> {
    const until = options.budgetMs === undefined ? Infinity : Date.now() + options.budgetMs;
    for (;;) {
      const claimed = await this.claim(runId);
      if (claimed) {
        try {
          return await this.runner.walk(claimed, until);
        } finally {
          this.walking.delete(runId);
        }
      }
      const run = await this.get(runId);
      if (!run) throw new SagaError('RUN_NOT_FOUND', `No saga run ${runId}`);
      if (until === Infinity || Date.now() >= until || !['RUNNING', 'COMPENSATING'].includes(run.status)) return run;
      await sleep(Math.min(POLL_MS, until - Date.now()));
    }
  }

  /** The run, or null. */
  async get(runId: string): Promise<RunSnapshot | null> {
    const row = await this.store.get(runId);
    return row ? toSnapshot(row) : null;
  }

  /** Resumes a parked run in the background: its step runs again with the same key. */
  async wake(runId: string): Promise<void> {
    if (await this.store.wake(runId)) await this.background?.kick(runId);
  }

  /**
   * Wakes the live run of a business key, if any (e.g. the provider's news about a checkout's payment
   * arrived); see `wake` for a run that is still walking. Returns how many runs were woken.
   */
  async wakeByBusinessKey(workflow: string, businessKey: string): Promise<number> {
    const ids = await this.store.wakeableRuns(workflow, businessKey);
    for (const id of ids) await this.wake(id);
    return ids.length;
  }

  /** Sends a NEEDS_ATTENTION run on (forward, or compensating) where it stopped, with fresh attempts. */
  async retry(runId: string, options: { budgetMs?: number } = {}): Promise<RunSnapshot> {
    if (!(await this.store.reset(runId))) throw new SagaError('RUN_NOT_STUCK', `Run ${runId} does not need attention`);
    return this.drive(runId, options);
  }

  /** Ends a NEEDS_ATTENTION run settled by hand (COMPENSATED if it was compensating, else COMPLETED), keeping `note`. */
  async resolve(runId: string, note: string): Promise<RunSnapshot> {
    const row = await this.store.resolve(runId, note);
    if (!row) throw new SagaError('RUN_NOT_STUCK', `Run ${runId} does not need attention`);
    this.options.logger.warn(
      { runId, workflow: row.workflow, businessKey: row.business_key, status: row.status, note },
      'saga run resolved by hand',
    );
    this.metrics.runs.inc({ workflow: row.workflow, outcome: 'resolved' });
    return toSnapshot(row);
  }

  /** NEEDS_ATTENTION runs, and runs not terminal after `olderThanMs` (default 5 min), oldest first. */
  async listStuck(options: { olderThanMs?: number; limit?: number } = {}): Promise<RunSnapshot[]> {
    return (await this.store.stuck(options.olderThanMs ?? STUCK_AFTER_MS, options.limit ?? 100)).map(toSnapshot);
  }

  /** Starts the background driver (see SagaBackground; the bus, if any, must be started); returns what stops it. */
  async startBackground(): Promise<() => Promise<void>> {
    const background = new SagaBackground({
      drive: (runId) => this.drive(runId),
      due: () => this.store.due(this.workflowNames),
      schema: this.options.schema,
      bus: this.options.bus,
      logger: this.options.logger,
      sweepIntervalSeconds: this.options.sweepIntervalSeconds ?? 30,
    });
    this.background = background;
    await background.start();
    return async () => {
      if (this.background === background) this.background = undefined;
      await background.stop();
    };
  }

  /** Leases the run to this engine unless it walks it already. */
  private async claim(runId: string): Promise<RunRow | undefined> {
    if (this.walking.has(runId)) return undefined;
    this.walking.add(runId);
    let row: RunRow | undefined;
    try {
      row = await this.store.claim(runId, this.instanceId, this.workflowNames);
      return row;
    } finally {
      if (!row) this.walking.delete(runId);
    }
  }
}
