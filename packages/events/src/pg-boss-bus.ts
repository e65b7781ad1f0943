import { PgBoss, type Job } from 'pg-boss';
import type { Logger, Registry } from '@shopgraph/observability';
import type { EventBus, EventHandler } from './bus.js';
import type { EventEnvelope } from './event.js';
import { eventMetrics, type EventMetrics } from './metrics.js';

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
  /** How often workers look for jobs (>= 0.5). */
  pollingIntervalSeconds?: number;
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
export class PgBossBus implements EventBus {
  private readonly boss: PgBoss;
  private readonly retryLimit: number;
  private readonly retryDelaySeconds: number;
  private readonly retryDelayMaxSeconds: number;
  private readonly pollingIntervalSeconds: number;
  private readonly metrics: EventMetrics;

  constructor(private readonly options: PgBossBusOptions) {
    this.boss = new PgBoss({ connectionString: options.url, schema: options.schema ?? 'pgboss', max: 5 });
    this.boss.on('error', (error) => options.logger?.error({ err: error }, 'pg-boss error'));
    this.retryLimit = options.retryLimit ?? 5;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 5;
    this.retryDelayMaxSeconds = options.retryDelayMaxSeconds ?? 600;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
    this.metrics = eventMetrics(options.registry);
  }

  /** Name of `consumer`'s dead-letter queue. */
  static deadLetterQueue(consumer: string): string {
    return `${consumer}.dead`;
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5000 });
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await this.boss.publish(envelope.name, envelope as unknown as object);
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
    });
    for (const name of names) await this.boss.subscribe(name, consumer);
    await this.boss.work<EventEnvelope>(consumer, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await this.deliver(consumer, job, handler);
    });
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

  /** Runs the job `name` with `data` at `date` (see `work`). */
  async scheduleAt<Data extends object>(name: string, data: Data, date: Date): Promise<string | null> {
    await this.ensureQueue(name, {});
    return this.boss.sendAfter(name, data, null, date);
  }

  /** Handles jobs of `name` (scheduled with `scheduleAt`). */
  async work<Data extends object>(name: string, handler: JobHandler<Data>): Promise<void> {
    await this.ensureQueue(name, {});
    await this.boss.work<Data>(name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
  }

  /**
   * Runs `handler` every `seconds`, once across all instances. Each run queues the next one, and the
   * `stately` queue keeps at most one waiting, so restarts neither lose nor double the chain.
   */
  async every(name: string, seconds: number, handler: () => Promise<void>): Promise<void> {
    await this.ensureQueue(name, { policy: 'stately' });
    await this.boss.work(name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async () => {
      await this.boss.sendAfter(name, {}, null, seconds);
      await handler();
    });
    await this.boss.sendAfter(name, {}, null, seconds);
  }

  private async deliver(consumer: string, job: Job<EventEnvelope>, handler: EventHandler): Promise<void> {
    try {
      await handler(job.data);
    } catch (error) {
      const final = job.retryCount >= this.retryLimit;
      (final ? this.metrics.deadLetters : this.metrics.retries).inc({ consumer });
      this.options.logger?.warn({ err: error, consumer, eventId: job.data.id, retryCount: job.retryCount, final }, 'event handler failed');
      throw error;
    }
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, options);
  }
}
