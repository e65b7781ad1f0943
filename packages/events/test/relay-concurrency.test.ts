import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Registry } from 'prom-client';
import { defineEvent, OutboxRelay, outboxChannel, recordEvent, wakeLocalRelays, type EventEnvelope } from '../src/index.js';
import { Latch, listenTo, openEventsDatabase, outboxRows, PassLog, RecordingBatchBus, RecordingBus, SCHEMA, waitFor } from './support.js';

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
    const log = new PassLog();
    // Polling far beyond the test's deadline: after the first pass, only a NOTIFY can start one.
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, onPass: log.onPass });
    await relay.start();
    try {
      await log.reach(1); // the pass start() begins is over: it cannot be the one that publishes
      const event = await orm.em
        .fork()
        .transactional((tx) => recordEvent(tx, StockChanged, { aggregateId: 'z', payload: { sku: 'z', seq: 0 } }));
      await waitFor(() => bus.published.some((e) => e.id === event.id));
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
    const buses = [new RecordingBus(5, log), new RecordingBus(5, log)];
    // Both relays surely take part, whatever the machine's speed: the first holds its first claim (one
    // row, of some aggregate X) until the second publishes. The second claims twelve rows at a time:
    // X has at most eleven others, so each of its claims holds a row it may publish. Never stuck.
    const firstHolds = new Latch();
    const secondPublishes = new Latch();
    buses[0]!.hold = () => {
      firstHolds.open();
      return secondPublishes.opened;
    };
    buses[1]!.hold = async () => secondPublishes.open();
    const batchSizes = [1, total / skus.length];
    const relays = buses.map((bus, i) => new OutboxRelay({ url, schema: SCHEMA, bus, batchSize: batchSizes[i], pollIntervalMs: 100 }));
    await relays[0]!.start();
    try {
      await firstHolds.opened;
      await relays[1]!.start();
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
    const listener = await listenTo(url, [outboxChannel(SCHEMA)]);
    const bus = new RecordingBatchBus();
    const log = new PassLog();
    // Polling far beyond the test: only a wake-up (or a NOTIFY, which the listener would hear) can publish.
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, onPass: log.onPass });
    try {
      expect(wakeLocalRelays(SCHEMA)).toBe(false);
      await relay.start();
      await log.reach(1); // the pass start() begins is over
      const id = await insertSilently(orm);
      // No NOTIFY went out, so nothing can have woken the relay: no pass since, nothing published.
      await listener.flush();
      expect(listener.heard).toEqual([]);
      expect(log.passes).toHaveLength(1);
      expect(bus.published).toHaveLength(0);

      expect(wakeLocalRelays(SCHEMA)).toBe(true);
      await waitFor(() => bus.published.length === 1);
      expect(bus.published[0]!.id).toBe(id);
      await waitFor(async () => (await outboxRows(orm.em))[0]?.published_at != null);
      await listener.flush();
      expect(listener.heard).toEqual([]);
    } finally {
      await relay.stop();
      await listener.end();
    }
    // A stopped relay is no longer woken.
    expect(wakeLocalRelays(SCHEMA)).toBe(false);
    expect(wakeLocalRelays('another_schema')).toBe(false);
  });

  it('runs one pass for wake-ups that come within minPassIntervalMs of the last pass, and one at once after a quiet spell', async () => {
    const interval = 1500;
    const bus = new RecordingBatchBus();
    const log = new PassLog();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, minPassIntervalMs: interval, onPass: log.onPass });
    const reached = new Latch();
    const release = new Latch();
    let first: string, second: string, third: string, wokenAt: number;
    await relay.start();
    try {
      await log.reach(1);
      // A quiet spell: the interval since the first pass began has run out.
      await waitFor(() => performance.now() >= log.passes[0]!.startedAt + interval);
      first = await insertSilently(orm);
      bus.hold = () => {
        reached.open();
        return release.opened;
      };
      wokenAt = performance.now();
      wakeLocalRelays(SCHEMA);
      // Held mid-pass, after its claim: rows written now are for a later pass.
      await reached.opened;
      second = await insertSilently(orm);
      third = await insertSilently(orm);
      release.open();
      await log.reach(2);
      // Two wake-ups for them right after that pass, so within the interval unless the machine stalled.
      wakeLocalRelays(SCHEMA);
      wakeLocalRelays(SCHEMA);
      await waitFor(() => bus.published.length === 3);
    } finally {
      await relay.stop();
    }
    const [, quiet, next, ...more] = log.passes;
    // After the quiet spell the pass began at once, not an interval later.
    expect(quiet!.startedAt).toBeGreaterThanOrEqual(wokenAt);
    expect(quiet!.startedAt).toBeLessThan(wokenAt + interval);
    // The next pass began no sooner than the interval after that one (less the little a timer may fire
    // early: Node measures it from the event loop's cached clock) and published both rows together.
    expect(next!.startedAt - quiet!.startedAt).toBeGreaterThanOrEqual(interval - 100);
    expect(bus.batches.map((batch) => batch.map((e) => e.id))).toEqual([[first], [second, third]]);
    // Both wake-ups came before it began, so they share it; only a wake-up that came after an interval
    // (a stalled machine) adds a pass, one with nothing left to publish.
    expect(more.length).toBeLessThanOrEqual(1);
    expect(more.every((pass) => pass.published === 0)).toBe(true);
  });

  it('reads the lag when scraped: the age of the oldest row still to publish, 0 once published', async () => {
    const registry = new Registry();
    const bus = new RecordingBatchBus();
    const lag = async () =>
      (await registry.getSingleMetric('events_outbox_lag_seconds')!.get()).values.find((v) => v.labels.schema === SCHEMA)?.value;
    const log = new PassLog();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 600_000, registry, onPass: log.onPass });
    await relay.start();
    try {
      // The pass start() begins is over, so it cannot publish the row written next.
      await log.reach(1);
      await insertSilently(orm, 30);
      // No relay pass ran since the row was written: the reading comes from the scrape.
      const before = await lag();
      expect(log.passes).toHaveLength(1);
      expect(before).toBeGreaterThanOrEqual(30);
      expect(before).toBeLessThan(90);

      wakeLocalRelays(SCHEMA);
      await waitFor(() => bus.published.length === 1);
      await waitFor(async () => (await lag()) === 0);
    } finally {
      await relay.stop();
    }
  });
});
