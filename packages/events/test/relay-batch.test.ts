import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { defineEvent, OutboxRelay, recordEvent, type EventEnvelope } from '../src/index.js';
import { openEventsDatabase, outboxRows, PassLog, RecordingBatchBus, SCHEMA, waitFor } from './support.js';

const StockChanged = defineEvent<{ sku: string; seq: number }>('stock.changed', 1);

/** Issue 8 (throughput): the relay hands the bus whole batches, in order per aggregate. */
describe('outbox relay batches', () => {
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

  /** Writes `perSku` events for each sku, interleaved, one transaction each; returns them in commit order. */
  async function write(skus: string[], perSku: number): Promise<EventEnvelope[]> {
    const written: EventEnvelope[] = [];
    for (let seq = 0; seq < perSku; seq++) {
      for (const sku of skus) {
        written.push(await orm.em.fork().transactional((tx) => recordEvent(tx, StockChanged, { aggregateId: sku, payload: { sku, seq } })));
      }
    }
    return written;
  }

  function seqsOf(log: EventEnvelope[], sku: string): number[] {
    return log.filter((e) => e.aggregateId === sku).map((e) => (e.payload as { seq: number }).seq);
  }

  it('publishes the events of several aggregates in few publishBatch calls, each aggregate in order, and marks them all', async () => {
    const skus = ['a', 'b', 'c', 'd'];
    const written = await write(skus, 10);
    const bus = new RecordingBatchBus();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, batchSize: 25, pollIntervalMs: 100 });
    await relay.start();
    try {
      await waitFor(async () => (await outboxRows(orm.em)).every((row) => row.published_at !== null));
    } finally {
      await relay.stop();
    }

    // 40 events, at most 25 a claim: two batches, the first one full.
    expect(bus.batches.map((batch) => batch.length)).toEqual([25, 15]);
    expect(bus.published.map((e) => e.id)).toEqual(written.map((e) => e.id));
    for (const sku of skus) expect(seqsOf(bus.published, sku)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(await outboxRows(orm.em)).toHaveLength(40);
  });

  it('falls back to one event at a time when a batch fails, holding back only the aggregate that keeps failing', async () => {
    await write(['good', 'bad', 'fine'], 3);
    const bus = new RecordingBatchBus();
    bus.refuseBatches = () => true;
    bus.refuse = (envelope) => envelope.aggregateId === 'bad';
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 100, retryBaseMs: 60_000 });
    await relay.start();
    try {
      await waitFor(() => bus.published.length >= 6);
      await waitFor(async () => (await outboxRows(orm.em)).filter((row) => row.published_at !== null).length === 6);
    } finally {
      await relay.stop();
    }

    expect(bus.batches).toHaveLength(0);
    expect(seqsOf(bus.published, 'good')).toEqual([0, 1, 2]);
    expect(seqsOf(bus.published, 'fine')).toEqual([0, 1, 2]);
    expect(seqsOf(bus.published, 'bad')).toEqual([]);
    const rows = await orm.em
      .fork()
      .execute<{ aggregate_id: string; attempts: number; published_at: Date | null }[]>(
        `select "aggregate_id", "attempts", "published_at" from "${SCHEMA}"."outbox" where "aggregate_id" = 'bad' order by "seq"`,
      );
    // The first 'bad' event failed once and backs off; the ones behind it wait untouched, in order.
    expect(rows.map((row) => [row.attempts, row.published_at])).toEqual([
      [1, null],
      [0, null],
      [0, null],
    ]);
  });

  it('holds back an aggregate behind its own row backing off at the head of the queue, past its published history', async () => {
    // History: published rows of 'a' whose index entries precede everything still pending.
    await write(['a'], 5);
    await orm.em.fork().execute(`update "${SCHEMA}"."outbox" set "published_at" = now()`, [], 'run');
    // Then 'a' has a row backing off, at the head of the queue, and a due one behind it.
    const [backingOff] = await write(['a'], 1);
    await orm.em
      .fork()
      .execute(
        `update "${SCHEMA}"."outbox" set "attempts" = 1, "next_attempt_at" = now() + interval '1 hour' where "id" = ?`,
        [backingOff!.id],
        'run',
      );
    const [behind] = await write(['a'], 1);
    await write(['b'], 1);
    await write(['c'], 1);
    const bus = new RecordingBatchBus();
    const log = new PassLog();
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 100, onPass: log.onPass });
    let seen: number;
    await relay.start();
    try {
      await waitFor(() => log.passes.some((pass) => pass.published > 0));
      // Three more whole passes (polls) after the one that published: none may take 'a' past its head.
      seen = log.passes.length;
      await log.reach(seen + 3);
    } finally {
      await relay.stop();
    }
    expect(log.passes.slice(seen).every((pass) => pass.published === 0)).toBe(true);
    expect(bus.published.map((e) => e.aggregateId)).toEqual(['b', 'c']);
    expect(bus.published.some((e) => e.id === behind!.id)).toBe(false);
  });
});
