import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { defineEvent, OutboxRelay, recordEvent, type EventEnvelope } from '../src/index.js';
import { openEventsDatabase, outboxRows, RecordingBus, SCHEMA, waitFor } from './support.js';

const StockChanged = defineEvent<{ sku: string; seq: number }>('stock.changed', 1);

/** Issue 8: several relays on one outbox publish each event exactly once, in order per aggregate. */
describe('outbox relay', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const opened = await openEventsDatabase();
    ({ orm, close } = opened);
    url = opened.db.url;
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
});
