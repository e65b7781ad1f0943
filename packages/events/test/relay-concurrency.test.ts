import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Registry } from 'prom-client';
import { defineEvent, OutboxRelay, outboxChannel, recordEvent, wakeLocalRelays, type EventEnvelope } from '../src/index.js';
import { openEventsDatabase, outboxRows, RecordingBatchBus, RecordingBus, SCHEMA, sleep, waitFor } from './support.js';

const StockChanged = defineEvent<{ sku: string; seq: number }>('stock.changed', 1);

/** An outbox row written without the NOTIFY that `recordEvent` sends, `ageSeconds` old. */
async function insertSilently(orm: MikroORM, ageSeconds = 0): Promise<string> {
  const id = randomUUID();
  await orm.em.fork().execute(
    `insert into "${SCHEMA}"."outbox" ("id", "name", "version", "producer", "aggregate_id", "payload", "occurred_at")
     values (?, 'stock.changed', 1, 'test', 'sku-1', '{}'::jsonb, clock_timestamp() - make_interval(secs => ?))`,
    [id, ageSeconds],
    'run',
  );
  return id;
}

/**
 * Issue 8: several relays on one outbox publish each event exactly once, in order per aggregate.
 * Issue 5 (reservation latency): waking the relay of this process costs no database round trip;
 * wake-ups closer together than `minPassIntervalMs` share a pass; the lag gauge is read when scraped.
 */
describe('outbox relay', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const opened = await openEventsDatabase();
    ({ orm, close } = opened);
    url = opened.db.url;
  });
  afterEach(async () => {
    await orm.em.fork().execute(`truncate "${SCHEMA}"."outbox"`, [], 'run');
  });
  afterAll(async () => {
    await close?.();
  });

  it('is woken by the commit itself (NOTIFY), not by its polling', async () => {
    const bus = new RecordingBus();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 60_000 });
    await relay.start();
    try {
      const event = await orm.em.fork().transactional((tx) => recordEvent(tx, StockChanged, { aggregateId: 'z', payload: { sku: 'z', seq: 0 } }));
      await waitFor(() => bus.published.some((e) => e.id === event.id), 5_000);
    } finally {
      await relay.stop();
    }
  });

  it('publishes each event exactly once across two relays, keeping each aggregate in order', async () => {
    const skus = ['a', 'b', 'c', 'd', 'e'];
    const total = 60;
    // Interleaved writers in parallel transactions, each aggregate's events in sequence.
    await Promise.all(
      skus.map(async (sku) => {
        for (let seq = 0; seq < total / skus.length; seq++) {
          await orm.em.fork().transactional((tx) => recordEvent(tx, StockChanged, { aggregateId: sku, payload: { sku, seq } }));
        }
      }),
    );

    const log: EventEnvelope[] = [];
    // Slow enough publishing (60 × 20 ms for one relay alone) that both relays surely take part.
    const buses = [new RecordingBus(20, log), new RecordingBus(20, log)];
    const relays = buses.map((bus) => new OutboxRelay({ url, schema: SCHEMA, bus, batchSize: 4, pollIntervalMs: 100 }));
    await Promise.all(relays.map((relay) => relay.start()));
    try {
      await waitFor(() => buses[0]!.published.length + buses[1]!.published.length >= total);
      await waitFor(async () => (await outboxRows(orm.em)).every((row) => row.published_at !== null));
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }

    expect(log).toHaveLength(total);
    expect(new Set(log.map((e) => e.id)).size).toBe(total);
    expect(buses[0]!.published.length).toBeGreaterThan(0);
    expect(buses[1]!.published.length).toBeGreaterThan(0);
    // The shared log holds the global publication order: each aggregate's events come out as written.
    for (const sku of skus) {
      const seqs = log.filter((e) => e.aggregateId === sku).map((e) => (e.payload as { seq: number }).seq);
      expect(seqs).toEqual(Array.from({ length: total / skus.length }, (_, i) => i));
    }
  });

  it('publishes at once when woken in process, with no NOTIFY sent, and not at all before', async () => {
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query(`listen "${outboxChannel(SCHEMA)}"`);
    const bus = new RecordingBatchBus();
    // Polling far beyond the test: only a wake-up can publish.
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000 });
    try {
      expect(wakeLocalRelays(SCHEMA)).toBe(false);
      await relay.start();
      await sleep(300); // the drain that start() begins with is over
      const id = await insertSilently(orm);
      await sleep(300);
      expect(bus.published).toHaveLength(0);

      expect(wakeLocalRelays(SCHEMA)).toBe(true);
      await waitFor(() => bus.published.length === 1, 2000);
      expect(bus.published[0]!.id).toBe(id);
      await waitFor(async () => (await outboxRows(orm.em))[0]?.published_at != null, 2000);
      expect(notifications).toEqual([]);
    } finally {
      await relay.stop();
      await listener.end();
    }
    // A stopped relay is no longer woken.
    expect(wakeLocalRelays(SCHEMA)).toBe(false);
    expect(wakeLocalRelays('another_schema')).toBe(false);
  });

  it('runs one pass for wake-ups that come within minPassIntervalMs of the last pass, and one at once after a quiet spell', async () => {
    const bus = new RecordingBatchBus();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, minPassIntervalMs: 1500 });
    await relay.start(); // its first pass (nothing to publish) begins now
    try {
      await sleep(1700); // longer than the interval
      const first = await insertSilently(orm);
      wakeLocalRelays(SCHEMA);
      await waitFor(() => bus.published.length === 1, 1000); // at once, well within the interval

      const second = await insertSilently(orm);
      wakeLocalRelays(SCHEMA);
      const third = await insertSilently(orm);
      wakeLocalRelays(SCHEMA);
      await sleep(300);
      // The last pass began less than the interval ago: these wait for the next one.
      expect(bus.published).toHaveLength(1);
      await waitFor(() => bus.published.length === 3, 3000);
      expect(bus.batches.map((batch) => batch.map((e) => e.id))).toEqual([[first], [second, third]]);
    } finally {
      await relay.stop();
    }
  });

  it('reads the lag when scraped: the age of the oldest row still to publish, 0 once published', async () => {
    const registry = new Registry();
    const bus = new RecordingBatchBus();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, registry });
    const lag = async () => (await registry.getSingleMetric('events_outbox_lag_seconds')!.get()).values.find((v) => v.labels.schema === SCHEMA)?.value;
    await relay.start();
    try {
      await sleep(300);
      await insertSilently(orm, 30);
      // No relay pass ran since the row was written: the reading comes from the scrape.
      const before = await lag();
      expect(before).toBeGreaterThanOrEqual(30);
      expect(before).toBeLessThan(60);

      wakeLocalRelays(SCHEMA);
      await waitFor(() => bus.published.length === 1, 2000);
      await waitFor(async () => (await lag()) === 0, 2000);
    } finally {
      await relay.stop();
    }
  });
});
