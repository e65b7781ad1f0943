import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase, dropDatabase, ormConfig, withDatabase } from '@shopgraph/db';
import { OutboxRelay, PgBossBus, defineEvent, ensureEventTables, recordEvent } from '@shopgraph/events';
import { type BenchResult, summarise } from './harness.js';

const Ping = defineEvent<{ n: number }>('bench.ping', 1);

/**
 * Issue 8: end-to-end latency from the commit of an event's transaction to the consumer's handler,
 * with events committed at `rate` per second for `seconds`, through outbox → relay → pg-boss.
 */
export async function eventLatency(databaseUrl: string, rate: number, seconds: number): Promise<BenchResult> {
  const serverUrl = withDatabase(databaseUrl, 'postgres');
  const name = `shopgraph_bench_events_${process.pid}`;
  const url = await createDatabase(serverUrl, name);
  const orm = await MikroORM.init({ ...ormConfig({ url, schema: 'bench', entities: [], migrations: [], poolSize: 20 }), discovery: { warnWhenNoEntities: false } });
  await ensureEventTables(orm.em.fork(), 'bench');
  const bus = new PgBossBus({ url, pollingIntervalSeconds: 0.5 });
  await bus.start();
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  await bus.subscribe('bench.consumer', [Ping.name], async (envelope) => {
    const start = committedAt.get(envelope.id);
    if (start !== undefined) latencies.push(performance.now() - start);
  });
  const relay = new OutboxRelay({ url, schema: 'bench', bus });
  await relay.start();
  let errors = 0;
  const total = rate * seconds;
  const began = performance.now();
  const writes: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = began + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    writes.push(
      orm.em
        .fork()
        .transactional((tx) => recordEvent(tx, Ping, { aggregateId: `a-${n % 50}`, payload: { n } }))
        .then((envelope) => {
          committedAt.set(envelope.id, performance.now());
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(writes);
  const deadline = performance.now() + 30_000;
  while (latencies.length < total - errors && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const elapsed = (performance.now() - began) / 1000;
  errors += total - errors - latencies.length;
  await relay.stop();
  await bus.stop();
  await orm.close(true);
  await dropDatabase(serverUrl, name);
  return summarise(`events: commit → consumer handler at ${rate}/s`, 1, latencies, elapsed, errors);
}
