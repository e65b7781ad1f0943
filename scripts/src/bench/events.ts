import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase, dropDatabase, ormConfig, withDatabase } from '@shopgraph/db';
import { OutboxRelay, PgBossBus, defineEvent, ensureEventTables, recordEvent } from '@shopgraph/events';
import { type BenchResult, summarise } from './harness.js';

const Ping = defineEvent<{ n: number }>('bench.ping', 1);

/** The events row: the harness columns plus what was offered and what never arrived. */
export interface EventBenchResult extends BenchResult {
  offered_rps: number;
  /** Committed events the consumer had not handled 30 s after the last commit. */
  undelivered: number;
  /** Deliveries beyond the first of an event (at-least-once redeliveries). */
  duplicates: number;
  /**
   * The producers' own transactions (outbox row + NOTIFY, from the pool's checkout to the commit
   * reply): how loaded the database is, for reading the latency figures.
   */
  commit_p50_ms: number;
  commit_p95_ms: number;
}

/**
 * Issue 8: end-to-end latency from the commit of an event's transaction to the start of the
 * consumer's handler, with events committed at `rate` per second for `seconds` (open loop: each
 * write starts on its schedule whether or not earlier ones finished), through
 * outbox → relay → pg-boss with the bus and relay defaults a subgraph runs with. `requests` and
 * `rps` count handled events; `rps` is handled events over the time from the first write to the
 * last handling; `errors` counts failed writes plus undelivered events.
 */
export async function eventLatency(databaseUrl: string, rate: number, seconds: number): Promise<EventBenchResult> {
  const serverUrl = withDatabase(databaseUrl, 'postgres');
  const name = `shopgraph_bench_events_${process.pid}_${rate}`;
  const url = await createDatabase(serverUrl, name);
  const orm = await MikroORM.init({
    ...ormConfig({ url, schema: 'bench', entities: [], migrations: [], poolSize: 20 }),
    discovery: { warnWhenNoEntities: false },
  });
  await ensureEventTables(orm.em.fork(), 'bench');
  const bus = new PgBossBus({ url });
  await bus.start();
  // The commit is known once the transaction's promise settles; the handler may run earlier than
  // that callback (same process), so both moments are kept and paired at the end.
  const committedAt = new Map<string, number>();
  const commitTimes: number[] = [];
  const handledAt = new Map<string, number>();
  let duplicates = 0;
  await bus.subscribe('bench.consumer', [Ping.name], async (envelope) => {
    if (handledAt.has(envelope.id)) duplicates++;
    else handledAt.set(envelope.id, performance.now());
  });
  const relay = new OutboxRelay({ url, schema: 'bench', bus });
  await relay.start();
  let writeErrors = 0;
  const total = Math.round(rate * seconds);
  const began = performance.now();
  const writes: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = began + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const started = performance.now();
    writes.push(
      orm.em
        .fork()
        .transactional((tx) => recordEvent(tx, Ping, { aggregateId: `a-${n % 50}`, payload: { n } }))
        .then((envelope) => {
          const now = performance.now();
          committedAt.set(envelope.id, now);
          commitTimes.push(now - started);
        })
        .catch(() => {
          writeErrors++;
        }),
    );
  }
  await Promise.all(writes);
  const deadline = performance.now() + 30_000;
  const delivered = () => [...committedAt.keys()].every((id) => handledAt.has(id));
  while (!delivered() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const latencies: number[] = [];
  let lastHandled = began;
  for (const [id, committed] of committedAt) {
    const handled = handledAt.get(id);
    if (handled === undefined) continue;
    // A handler that ran before the writer's callback saw the commit counts as 0 ms.
    latencies.push(Math.max(0, handled - committed));
    lastHandled = Math.max(lastHandled, handled);
  }
  const undelivered = committedAt.size - latencies.length;
  await relay.stop();
  await bus.stop();
  await orm.close(true);
  await dropDatabase(serverUrl, name);
  const result = summarise(
    `events: commit → consumer handler at ${rate}/s`,
    1,
    latencies,
    (lastHandled - began) / 1000,
    writeErrors + undelivered,
  );
  const commits = summarise('commits', 1, commitTimes, 1, 0);
  return { ...result, offered_rps: rate, undelivered, duplicates, commit_p50_ms: commits.p50_ms, commit_p95_ms: commits.p95_ms };
}
