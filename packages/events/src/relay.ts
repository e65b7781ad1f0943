import pg from 'pg';
import type { Logger, Registry } from '@shopgraph/observability';
import type { EventBus } from './bus.js';
import type { EventEnvelope } from './event.js';
import { eventMetrics, type EventMetrics, onScrape } from './metrics.js';
import { assertSchemaName, outboxChannel } from './tables.js';

/** How an OutboxRelay connects and behaves. */
export interface OutboxRelayOptions {
  /** Connection URL; or pass `pool`. */
  url?: string;
  pool?: pg.Pool;
  schema: string;
  bus: EventBus;
  batchSize?: number;
  /** Polling fallback when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** Attempts before a row is marked failed. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  retryBaseMs?: number;
  /**
   * Least time between the starts of two passes begun by wake-ups (default 10 ms). A wake-up
   * after a quiet spell starts a pass at once; under a stream of commits, a wake-up that comes
   * sooner waits out the rest, so one pass publishes what several commits wrote instead of one
   * pass per commit. Events then wait at most this long; 0 starts a pass on every wake-up.
   */
  minPassIntervalMs?: number;
  registry?: Registry;
  logger?: Logger;
  /**
   * Called after each pass (a drain begun by start, a wake-up, NOTIFY or polling), also a failed one:
   * the signal tests wait on instead of a clock. Must not throw.
   */
  onPass?: (pass: RelayPass) => void;
}

/** One pass of an OutboxRelay, as `onPass` reports it. */
export interface RelayPass {
  /** When it began (`performance.now()`). */
  startedAt: number;
  /** Events it published (0: an idle pass, or one whose publishing failed). */
  published: number;
}

interface OutboxRow {
  id: string;
  name: string;
  version: number;
  producer: string;
  aggregate_id: string;
  payload: unknown;
  request_id: string | null;
  occurred_at: Date;
  attempts: number;
}

/** The relays running in this process, by schema (see `wakeLocalRelays`). */
const localRelays = new Map<string, Set<OutboxRelay>>();

/**
 * Wakes the relays of `schema`'s outbox that run in this process, as a NOTIFY on the outbox's
 * channel would, without a round trip to the database; returns whether there was one. A producer
 * that committed outbox rows and finds none here should NOTIFY instead.
 */
export function wakeLocalRelays(schema: string): boolean {
  const relays = localRelays.get(schema);
  relays?.forEach((relay) => relay.wake());
  return Boolean(relays?.size);
}

/**
 * Publishes committed outbox rows to the bus, oldest first and in order per aggregate. Woken by
 * NOTIFY or, from a producer in the same process, by `wakeLocalRelays`, with polling as a fallback. Several relays may share one outbox: rows are claimed with
 * FOR UPDATE SKIP LOCKED and stay locked until marked, so a crash before marking republishes
 * (at-least-once; consumers deduplicate through the inbox).
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly minPassIntervalMs: number;
  /** When the last pass began (`performance.now()`). */
  private lastPassAt = -Infinity;
  private readonly metrics: EventMetrics;
  private listener?: pg.PoolClient;
  private timer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private stopLagReading?: () => void;
  /** Claims the next batch (see `relayBatch`). */
  private readonly claimSql: string;

  constructor(private readonly options: OutboxRelayOptions) {
    if (!options.pool && !options.url) throw new Error('OutboxRelay needs a url or a pool');
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.url, max: 3 });
    this.ownsPool = !options.pool;
    // An idle connection the server ends (restart, failover, a dropped database) must not crash the
    // process: pg-pool re-emits its error on the pool, which throws without a listener.
    if (this.ownsPool) this.pool.on('error', (error) => options.logger?.warn({ err: error }, 'outbox relay idle connection failed'));
    this.schema = assertSchemaName(options.schema);
    this.batchSize = options.batchSize ?? 100;
    // Spliced into the claim statement (sent with its `begin` in one round trip).
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`Invalid batchSize ${this.batchSize}`);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.minPassIntervalMs = options.minPassIntervalMs ?? 10;
    this.metrics = eventMetrics(options.registry);
    const s = this.schema;
    // Rows locked by another relay are skipped. A claimed row is only published if no earlier pending
    // row of its aggregate is outside this claim (locked elsewhere, backing off), which keeps
    // per-aggregate order. Any such row lies between the oldest pending row (the head) and the
    // claim's last row (the tail): one range scan of the pending index finds them all, whatever the
    // backlog, never walking the published rows (and their index entries, kept until vacuum) before
    // the head. Planned at every claim (not prepared): a plan cached while the queue was short would
    // keep sorting every pending row once a backlog builds.
    this.claimSql = `
      with claimed as (
        select "id", "seq", "aggregate_id", "occurred_at" from "${s}"."outbox"
        where "published_at" is null and not "failed" and "next_attempt_at" <= now()
        order by "occurred_at", "seq"
        limit ${this.batchSize}
        for update skip locked
      ), head as (
        select "occurred_at", "seq" from "${s}"."outbox"
        where "published_at" is null and not "failed"
        order by "occurred_at", "seq"
        limit 1
      ), tail as (
        select "occurred_at", "seq" from claimed order by "occurred_at" desc, "seq" desc limit 1
      ), waiting as (
        select distinct on (e."aggregate_id") e."aggregate_id", e."occurred_at", e."seq"
        from "${s}"."outbox" e, head h, tail t
        where e."published_at" is null and not e."failed"
          and (e."occurred_at", e."seq") >= (h."occurred_at", h."seq")
          and (e."occurred_at", e."seq") < (t."occurred_at", t."seq")
          and e."id" not in (select "id" from claimed)
        order by e."aggregate_id", e."occurred_at", e."seq"
      )
      select o.* from "${s}"."outbox" o join claimed c on c."id" = o."id"
      left join waiting w on w."aggregate_id" = c."aggregate_id"
      where w."aggregate_id" is null or (c."occurred_at", c."seq") < (w."occurred_at", w."seq")
      order by o."occurred_at", o."seq"`;
  }

  /** Starts listening and polling. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = await this.pool.connect();
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (error) => this.options.logger?.warn({ err: error }, 'outbox listener failed; polling only'));
    await this.listener.query(`listen "${outboxChannel(this.schema)}"`);
    let relays = localRelays.get(this.schema);
    if (!relays) localRelays.set(this.schema, (relays = new Set()));
    relays.add(this);
    this.stopLagReading = onScrape(this.metrics.outboxLag, () => this.readLag());
    this.schedulePoll();
    this.wake();
  }

  /** Stops after the batch in flight; rows it did not mark stay for the next relay. */
  async stop(): Promise<void> {
    this.running = false;
    localRelays.get(this.schema)?.delete(this);
    this.stopLagReading?.();
    clearTimeout(this.timer);
    await this.draining;
    if (this.listener) {
      await this.listener.query(`unlisten "${outboxChannel(this.schema)}"`).catch(() => undefined);
      this.listener.release();
      this.listener = undefined;
    }
    if (this.ownsPool) await this.pool.end();
  }

  /** Publishes batches until nothing is due, counting what it publishes into `pass`. */
  private async drain(pass: RelayPass): Promise<void> {
    for (;;) {
      const { claimed, published } = await this.relayBatch();
      pass.published += published;
      if (claimed < this.batchSize || !this.running) break;
    }
  }

  private schedulePoll(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.wake();
      this.schedulePoll();
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /** Drains what is due, at once or once `minPassIntervalMs` has passed since the last pass began (what NOTIFY, polling and `wakeLocalRelays` call). */
  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = (async () => {
      do {
        const wait = this.lastPassAt + this.minPassIntervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!this.running) break;
        // Wake-ups until now are for commits this pass will see.
        this.wakeAgain = false;
        this.lastPassAt = performance.now();
        const pass: RelayPass = { startedAt: this.lastPassAt, published: 0 };
        try {
          await this.drain(pass);
        } catch (error) {
          this.options.logger?.error({ err: error }, 'outbox relay batch failed');
        }
        this.options.onPass?.(pass);
      } while (this.wakeAgain && this.running);
    })().finally(() => {
      this.draining = undefined;
    });
  }

  /**
   * Claims one batch, publishes it in order and marks the outcome (one statement for the published
   * rows), all in one transaction; returns the claim size and how many went out.
   */
  private async relayBatch(): Promise<{ claimed: number; published: number }> {
    const s = this.schema;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection lost mid-batch must fail this batch, not crash the process; its rows stay unmarked.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      // `begin` and the claim travel in one round trip (simple protocol, nothing user-supplied spliced).
      // The commit need not wait for its WAL flush: a mark lost in a database crash only republishes
      // (the bus's inserts are durable before the mark commits, and consumers deduplicate).
      const [, , claim] = (await client.query(`begin; set local synchronous_commit = off; ${this.claimSql}`)) as unknown as [
        pg.QueryResult,
        pg.QueryResult,
        pg.QueryResult<OutboxRow>,
      ];
      const rows = claim.rows;
      const published = await this.publish(client, rows);
      // Marking and the commit: one round trip. The ids are uuids read back from the uuid column.
      const mark = published.length
        ? `update "${s}"."outbox" set "published_at" = now(), "last_error" = null where "id" = any('{${published.map(assertUuid).join(',')}}'::uuid[]);`
        : '';
      await client.query(`${mark} commit`);
      if (published.length > 0) this.metrics.published.inc({ schema: s }, published.length);
      return { claimed: rows.length, published: published.length };
    } catch (error) {
      broken ??= error instanceof Error ? error : new Error(String(error));
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Publishes `rows` (in order per aggregate) and returns the ids that went out: the whole claim in
   * one `publishBatch` when the bus has it; otherwise, or when that fails, one event at a time, where
   * a failure holds back the rest of its aggregate and is recorded for a retry with backoff.
   */
  private async publish(client: pg.PoolClient, rows: OutboxRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const { bus } = this.options;
    if (bus.publishBatch) {
      try {
        await bus.publishBatch(rows.map(toEnvelope));
        return rows.map((row) => row.id);
      } catch (error) {
        // Some may be out already (republished below; consumers deduplicate). One at a time finds
        // the event that fails without holding back the other aggregates.
        this.options.logger?.warn({ err: error, events: rows.length }, 'outbox batch publish failed; publishing one by one');
      }
    }
    const published: string[] = [];
    const blocked = new Set<string>();
    for (const row of rows) {
      if (blocked.has(row.aggregate_id)) continue;
      try {
        await bus.publish(toEnvelope(row));
        published.push(row.id);
      } catch (error) {
        blocked.add(row.aggregate_id);
        await this.recordFailure(client, row, error);
      }
    }
    return published;
  }

  /** Sets the lag gauge to the age of the oldest row still to publish (0 when there is none). */
  private async readLag(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ lag: number }>(
        `select coalesce(extract(epoch from clock_timestamp() - min("occurred_at")), 0)::float8 as "lag"
         from "${this.schema}"."outbox" where "published_at" is null and not "failed"`,
      );
      this.metrics.outboxLag.set({ schema: this.schema }, Math.max(0, rows[0]!.lag));
    } catch (error) {
      // A scrape must not fail for one reading; the gauge keeps its last value.
      this.options.logger?.warn({ err: error }, 'outbox lag reading failed');
    }
  }

  private async recordFailure(client: pg.PoolClient, row: OutboxRow, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const failed = attempts >= this.maxAttempts;
    const delayMs = this.retryBaseMs * 2 ** (attempts - 1);
    await client.query(
      `update "${this.schema}"."outbox"
       set "attempts" = $2, "failed" = $3, "last_error" = $4, "next_attempt_at" = now() + make_interval(secs => $5)
       where "id" = $1`,
      [row.id, attempts, failed, error instanceof Error ? error.message : String(error), delayMs / 1000],
    );
    if (failed) {
      this.metrics.outboxFailed.inc({ schema: this.schema });
      this.options.logger?.error({ err: error, eventId: row.id, event: row.name }, 'outbox event failed for good');
    } else {
      this.options.logger?.warn({ err: error, eventId: row.id, event: row.name, attempts }, 'outbox publish failed; will retry');
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertUuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`Invalid outbox id "${id}"`);
  return id;
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    producer: row.producer,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at.toISOString(),
    ...(row.request_id ? { requestId: row.request_id } : {}),
    payload: row.payload,
  };
}
