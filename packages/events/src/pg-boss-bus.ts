import { randomBytes } from 'node:crypto';
import { PgBoss, type Job, type JobInsert, type JobResult } from 'pg-boss';
import type { Logger, Registry } from '@shopgraph/observability';
import type { DeadLetterBus, EventHandler } from './bus.js';
import type { EventEnvelope } from './event.js';
import { eventMetrics, type EventMetrics } from './metrics.js';
import { assertSchemaName } from './tables.js';

/** How the pg-boss bus connects and retries. */
export interface PgBossBusOptions {
  url: string;
  /** Schema pg-boss installs into. */
  schema?: string;
  /** Retries of a failing delivery before it is dead-lettered. */
  retryLimit?: number;
  /** First retry delay in seconds; grows exponentially. */
  retryDelaySeconds?: number;
  /** Upper bound of a retry delay in seconds. */
  retryDelayMaxSeconds?: number;
  /**
   * How often workers look for jobs (>= 0.5). With LISTEN/NOTIFY new events wake them at once, so
   * this mainly bounds how late a retry (whose backoff ended) or a scheduled job starts.
   */
  pollingIntervalSeconds?: number;
  /** Events a consumer's worker takes per fetch (default 50); each is settled on its own. */
  batchSize?: number;
  /**
   * Events of one fetched batch a consumer handles at once (default 1: one after the other). Events of
   * one aggregate are always handled one after the other, in publication order.
   */
  handlerConcurrency?: number;
  /** Wake consumers by LISTEN/NOTIFY when events are published (default true); polling stays as fallback. */
  listenNotify?: boolean;
  /**
   * Connections of each of the bus's two pools, one publishing and scheduling, one fetching (default 5);
   * LISTEN takes one more. Part of a process's connection budget (README, "Connection budget").
   */
  poolSize?: number;
  registry?: Registry;
  logger?: Logger;
}

/** Handles a scheduled job's data. */
export type JobHandler<Data extends object> = (data: Data) => Promise<void>;

/**
 * The default EventBus on PostgreSQL through pg-boss: each consumer has its own queue subscribed to
 * the event names it handles (fan-out), with exponential-backoff retries and a dead-letter queue.
 * Also runs delayed and recurring jobs, durable across restarts.
 */
export class PgBossBus implements DeadLetterBus {
  private readonly boss: PgBoss;
  private readonly workers: PgBoss;
  private readonly retryLimit: number;
  private readonly retryDelaySeconds: number;
  private readonly retryDelayMaxSeconds: number;
  private readonly pollingIntervalSeconds: number;
  private readonly batchSize: number;
  private readonly handlerConcurrency: number;
  private readonly listenNotify: boolean;
  private readonly schema: string;
  private readonly metrics: EventMetrics;

  constructor(private readonly options: PgBossBusOptions) {
    this.schema = assertSchemaName(options.schema ?? 'pgboss');
    this.listenNotify = options.listenNotify ?? true;
    this.boss = new PgBoss({ connectionString: options.url, schema: this.schema, max: options.poolSize ?? 5 });
    // Fetching and settling jobs need no durable commit: a claim or an outcome lost in a database
    // crash only runs the job again (at-least-once; consumers deduplicate through their inbox). Not
    // waiting for the WAL flush takes a flush off every fetch. Publishing, scheduling and redrive stay
    // on `boss`, whose commits are durable. This instance leaves maintenance to `boss`.
    this.workers = new PgBoss({
      connectionString: options.url,
      schema: this.schema,
      max: options.poolSize ?? 5,
      options: '-c synchronous_commit=off',
      useListenNotify: this.listenNotify,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    for (const boss of [this.boss, this.workers]) boss.on('error', (error) => options.logger?.error({ err: error }, 'pg-boss error'));
    this.retryLimit = options.retryLimit ?? 5;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 5;
    this.retryDelayMaxSeconds = options.retryDelayMaxSeconds ?? 600;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
    this.batchSize = options.batchSize ?? 50;
    this.handlerConcurrency = options.handlerConcurrency ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`Invalid batchSize ${this.batchSize}`);
    if (!Number.isInteger(this.handlerConcurrency) || this.handlerConcurrency < 1) {
      throw new Error(`Invalid handlerConcurrency ${this.handlerConcurrency}`);
    }
    this.metrics = eventMetrics(options.registry);
  }

  /** Name of `consumer`'s dead-letter queue. */
  static deadLetterQueue(consumer: string): string {
    return `${consumer}.dead`;
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.workers.start();
  }

  async stop(): Promise<void> {
    await this.workers.stop({ graceful: true, timeout: 5000 });
    await this.boss.stop({ graceful: true, timeout: 5000 });
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await this.boss.publish(envelope.name, envelope as unknown as object, { id: orderedJobId() });
  }

  /**
   * Publishes `envelopes` with one lookup of the subscribed queues and, per queue, one multi-row
   * insert per round. pg-boss fetches the oldest jobs by `created_on`, the start of the inserting
   * statement, so the jobs of one insert tie: round k holds each aggregate's k-th event of the batch,
   * and the rounds go in one after the other, so that a fetch never takes an aggregate's event
   * without the ones before it (one round when the batch has one event per aggregate). Within a
   * fetched batch the job ids, increasing in publication order, give the order (see `deliverBatch`).
   */
  async publishBatch(envelopes: EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const names = [...new Set(envelopes.map((envelope) => envelope.name))];
    // The lookup pg-boss's own publish() runs per event (its subscription table), once for the batch.
    const { rows } = await this.boss
      .getDb()
      .executeSql(`select "event", "name" from "${this.schema}"."subscription" where "event" = any($1::text[])`, [names]);
    const queuesOf = new Map<string, string[]>();
    for (const row of rows as Array<{ event: string; name: string }>) {
      const queues = queuesOf.get(row.event) ?? [];
      queues.push(row.name);
      queuesOf.set(row.event, queues);
    }
    const rounds: EventEnvelope[][] = [];
    const seen = new Map<string, number>();
    for (const envelope of envelopes) {
      const round = seen.get(envelope.aggregateId) ?? 0;
      seen.set(envelope.aggregateId, round + 1);
      (rounds[round] ??= []).push(envelope);
    }
    for (const round of rounds) await this.insertRound(round, queuesOf);
  }

  /** Inserts `envelopes` (at most one per aggregate) into the queues subscribed to them, one insert per queue. */
  private async insertRound(envelopes: EventEnvelope[], queuesOf: Map<string, string[]>): Promise<void> {
    const jobs = new Map<string, JobInsert[]>();
    for (const envelope of envelopes) {
      for (const queue of queuesOf.get(envelope.name) ?? []) {
        const batch = jobs.get(queue) ?? [];
        batch.push({ id: orderedJobId(), data: envelope as unknown as object });
        jobs.set(queue, batch);
      }
    }
    const results = await Promise.allSettled([...jobs].map(([queue, batch]) => this.boss.insert(queue, batch)));
    // Like publish(): a subscriber whose queue was deleted meanwhile is skipped, anything else fails the batch.
    const failures = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected' && result.reason?.code !== 'PGBOSS_QUEUE_NOT_FOUND',
    );
    if (failures.length > 0) throw failures[0]!.reason;
  }

  async subscribe(consumer: string, names: string[], handler: EventHandler): Promise<void> {
    const deadLetter = PgBossBus.deadLetterQueue(consumer);
    await this.ensureQueue(deadLetter, {});
    await this.ensureQueue(consumer, {
      retryLimit: this.retryLimit,
      retryDelay: this.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: this.retryDelayMaxSeconds,
      deadLetter,
      notify: this.listenNotify,
    });
    for (const name of names) await this.boss.subscribe(name, consumer);
    await this.workers.work<EventEnvelope>(
      consumer,
      {
        pollingIntervalSeconds: this.pollingIntervalSeconds,
        // NOTIFY only announces new jobs, not retries whose backoff ended: keep polling as often.
        notifyPollingIntervalSeconds: this.pollingIntervalSeconds,
        batchSize: this.batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      (jobs) => this.deliverBatch(consumer, jobs, handler),
    );
  }

  /** Moves `consumer`'s dead letters back to its queue (after a fix); returns how many. */
  async redrive(consumer: string): Promise<number> {
    return this.boss.redrive(PgBossBus.deadLetterQueue(consumer));
  }

  /** The events waiting in `consumer`'s dead-letter queue. */
  async deadLetters(consumer: string): Promise<EventEnvelope[]> {
    const jobs = await this.boss.findJobs<EventEnvelope>(PgBossBus.deadLetterQueue(consumer), { queued: true });
    return jobs.map((job) => job.data);
  }

  /**
   * Jobs of `queue` (a consumer, or a job name) waiting (queued, or to be retried) and running, read
   * from the job table now: the signal tests wait on (0 and 0 once every delivery so far settled).
   */
  async jobCounts(queue: string): Promise<{ waiting: number; active: number }> {
    const jobs = await this.boss.findJobs(queue, { limit: 100_000 });
    return {
      waiting: jobs.filter((job) => job.state === 'created' || job.state === 'retry').length,
      active: jobs.filter((job) => job.state === 'active').length,
    };
  }

  /** Runs the job `name` with `data` at `date` (see `work`). */
  async scheduleAt<Data extends object>(name: string, data: Data, date: Date): Promise<string | null> {
    await this.ensureQueue(name, {});
    return this.boss.sendAfter(name, data, null, date);
  }

  /** Handles jobs of `name` (scheduled with `scheduleAt`). */
  async work<Data extends object>(name: string, handler: JobHandler<Data>): Promise<void> {
    await this.ensureQueue(name, {});
    await this.workers.work<Data>(name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
  }

  /**
   * Runs `handler` every `seconds`, once across all instances. Each run queues the next one, and the
   * `stately` queue keeps at most one waiting, so restarts neither lose nor double the chain.
   */
  async every(name: string, seconds: number, handler: () => Promise<void>): Promise<void> {
    await this.ensureQueue(name, { policy: 'stately' });
    await this.workers.work(name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async () => {
      await this.boss.sendAfter(name, {}, null, seconds);
      await handler();
    });
    await this.boss.sendAfter(name, {}, null, seconds);
  }

  /**
   * Handles a fetched batch: each aggregate's events one after the other in publication order (the
   * order of their job ids: pg-boss returns a fetched batch in any order), up to
   * `handlerConcurrency` aggregates at once; each job is settled on its own (a failure retries or
   * dead-letters only that event).
   */
  private async deliverBatch(consumer: string, jobs: Job<EventEnvelope>[], handler: EventHandler): Promise<JobResult[]> {
    const lanes = new Map<string, Job<EventEnvelope>[]>();
    for (const job of [...jobs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const lane = lanes.get(job.data.aggregateId);
      if (lane) lane.push(job);
      else lanes.set(job.data.aggregateId, [job]);
    }
    const pending = [...lanes.values()];
    const results: JobResult[] = [];
    const runLanes = async () => {
      for (let lane = pending.shift(); lane; lane = pending.shift()) {
        for (const job of lane) results.push(await this.deliver(consumer, job, handler));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.handlerConcurrency, pending.length) }, runLanes));
    return results;
  }

  private async deliver(consumer: string, job: Job<EventEnvelope>, handler: EventHandler): Promise<JobResult> {
    try {
      await handler(job.data);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const final = job.retryCount >= this.retryLimit;
      (final ? this.metrics.deadLetters : this.metrics.retries).inc({ consumer });
      this.options.logger?.warn({ err: error, consumer, eventId: job.data.id, retryCount: job.retryCount, final }, 'event handler failed');
      const message = error instanceof Error ? error.message : String(error);
      return { id: job.id, status: 'failed', output: { message } };
    }
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    const existing = await this.boss.getQueue(name);
    if (!existing) await this.boss.createQueue(name, options);
    // Queues created before LISTEN/NOTIFY was used get it switched on.
    else if (options?.notify && !existing.notify) await this.boss.updateQueue(name, { notify: true });
  }
}

let lastJobMs = 0;
let jobSequence = 0;

/**
 * A UUIDv7 (RFC 9562) whose 12-bit counter after the millisecond makes the ids of this process
 * strictly increase as text: the order events were handed to pg-boss. Another process's ids order by
 * their clock; an aggregate's next event is only published after the previous one was (the relay's
 * claim), so only clocks apart by more than that would misorder them.
 */
function orderedJobId(): string {
  const now = Date.now();
  if (now > lastJobMs) {
    lastJobMs = now;
    jobSequence = 0;
  } else if (++jobSequence > 0xfff) {
    // 4096 ids in one millisecond: borrow the next one.
    lastJobMs++;
    jobSequence = 0;
  }
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  const hex = lastJobMs.toString(16).padStart(12, '0') + '7' + jobSequence.toString(16).padStart(3, '0') + random.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
