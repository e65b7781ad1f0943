import type { Logger, Registry } from '@shopgraph/observability';
import type { DeadLetterBus, EventHandler } from './bus.js';
import type { EventEnvelope } from './event.js';
import { NatsJetStreamBus, type NatsJetStreamBusOptions } from './nats-bus.js';
import { PgBossBus, type JobHandler, type PgBossBusOptions } from './pg-boss-bus.js';

/** The settings that choose the event transport (`EVENT_TRANSPORT`, default pg-boss) and reach NATS (`NATS_URL`). */
export interface EventTransportConfig {
  EVENT_TRANSPORT?: 'pg-boss' | 'nats';
  NATS_URL?: string;
}

/** What `createEventBus` builds from. */
export interface CreateEventBusOptions {
  /** The database pg-boss runs in (jobs always; events too by default). */
  databaseUrl: string;
  registry?: Registry;
  logger?: Logger;
  /** Settings of the pg-boss bus beyond its URL, registry and logger. */
  pgBoss?: Omit<PgBossBusOptions, 'url' | 'registry' | 'logger'>;
  /** Settings of the JetStream bus beyond its URL, registry and logger (tests: a prefix of their own). */
  nats?: Omit<NatsJetStreamBusOptions, 'url' | 'registry' | 'logger'>;
}

/** Delayed and recurring jobs, durable across restarts (always on pg-boss: JetStream has neither). */
export interface JobQueue {
  scheduleAt<Data extends object>(name: string, data: Data, date: Date): Promise<string | null>;
  work<Data extends object>(name: string, handler: JobHandler<Data>): Promise<void>;
  every(name: string, seconds: number, handler: () => Promise<void>): Promise<void>;
}

/**
 * A process's one bus: events on the configured transport (`events`), jobs on pg-boss (`jobs`, the
 * same bus by default), so that code using it does not change with the transport. Dead letters are
 * read from both: a consumer's events on the event transport, a job queue's (e.g. `<schema>.saga`)
 * on pg-boss.
 */
export class ProcessBus implements DeadLetterBus, JobQueue {
  constructor(
    readonly events: DeadLetterBus,
    readonly jobs: PgBossBus,
  ) {}

  async start(): Promise<void> {
    await this.jobs.start();
    if (this.events !== this.jobs) await this.events.start();
  }

  /** Stops the event bus, then the jobs. */
  async stop(): Promise<void> {
    if (this.events !== this.jobs) await this.events.stop();
    await this.jobs.stop();
  }

  publish(envelope: EventEnvelope): Promise<void> {
    return this.events.publish(envelope);
  }

  async publishBatch(envelopes: EventEnvelope[]): Promise<void> {
    if (this.events.publishBatch) await this.events.publishBatch(envelopes);
    else for (const envelope of envelopes) await this.events.publish(envelope);
  }

  subscribe(consumer: string, names: string[], handler: EventHandler): Promise<void> {
    return this.events.subscribe(consumer, names, handler);
  }

  async deadLetters(name: string): Promise<EventEnvelope[]> {
    if (this.events === this.jobs) return this.jobs.deadLetters(name);
    const [events, jobs] = await Promise.all([this.events.deadLetters(name), orNone(this.jobs.deadLetters(name), [])]);
    return [...events, ...jobs];
  }

  async redrive(name: string): Promise<number> {
    if (this.events === this.jobs) return this.jobs.redrive(name);
    return (await this.events.redrive(name)) + (await orNone(this.jobs.redrive(name), 0));
  }

  scheduleAt<Data extends object>(name: string, data: Data, date: Date): Promise<string | null> {
    return this.jobs.scheduleAt(name, data, date);
  }

  work<Data extends object>(name: string, handler: JobHandler<Data>): Promise<void> {
    return this.jobs.work(name, handler);
  }

  every(name: string, seconds: number, handler: () => Promise<void>): Promise<void> {
    return this.jobs.every(name, seconds, handler);
  }
}

/** `read`, or `none` where pg-boss has no queue of that name (no job queue: a consumer on the event transport). */
async function orNone<T>(read: Promise<T>, none: T): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: string }).code === 'PGBOSS_QUEUE_NOT_FOUND') return none;
    throw error;
  }
}

/** Builds the bus `config` asks for (not started): pg-boss for everything, or events on NATS JetStream and jobs on pg-boss. */
export function createEventBus(config: EventTransportConfig, options: CreateEventBusOptions): ProcessBus {
  const shared = { ...(options.registry ? { registry: options.registry } : {}), ...(options.logger ? { logger: options.logger } : {}) };
  const jobs = new PgBossBus({ ...options.pgBoss, ...shared, url: options.databaseUrl });
  if ((config.EVENT_TRANSPORT ?? 'pg-boss') === 'pg-boss') return new ProcessBus(jobs, jobs);
  if (!config.NATS_URL) throw new Error('EVENT_TRANSPORT=nats needs NATS_URL (e.g. nats://127.0.0.1:4222)');
  return new ProcessBus(new NatsJetStreamBus({ ...options.nats, ...shared, url: config.NATS_URL }), jobs);
}
