import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createEnvelope, defineEvent, OutboxRelay, PgBossBus, recordEvent, type EventEnvelope } from '../src/index.js';
import { openEventsDatabase, outboxRows, SCHEMA, sleep, waitFor, waitUntilSettled } from './support.js';

const StockChanged = defineEvent<{ sku: string; seq: number }>('stock.changed', 1);

/** Issue 8 (throughput): batched publishing and fetching on pg-boss keep delivery once per consumer. */
describe('pg-boss bus batches', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let url: string;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const opened = await openEventsDatabase();
    ({ orm, close } = opened);
    url = opened.db.url;
  });
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
    await orm.em.fork().execute(`truncate "${SCHEMA}"."outbox"`, [], 'run');
  });
  afterAll(async () => {
    await close?.();
  });

  async function startBus(options: Omit<ConstructorParameters<typeof PgBossBus>[0], 'url'>): Promise<PgBossBus> {
    const bus = new PgBossBus({ url, ...options });
    await bus.start();
    stops.push(() => bus.stop());
    return bus;
  }

  /** Records every delivery of `consumer`, optionally failing some. */
  async function consume(bus: PgBossBus, consumer: string, fails: (envelope: EventEnvelope) => boolean = () => false) {
    const deliveries: EventEnvelope[] = [];
    await bus.subscribe(consumer, [StockChanged.name], async (envelope) => {
      deliveries.push(envelope);
      if (fails(envelope)) throw new Error(`cannot handle ${envelope.aggregateId}`);
    });
    return deliveries;
  }

  const counts = (deliveries: EventEnvelope[]) => {
    const byId = new Map<string, number>();
    for (const e of deliveries) byId.set(e.id, (byId.get(e.id) ?? 0) + 1);
    return [...byId.values()];
  };

  it('delivers a burst of events across aggregates once to each consumer, the outbox fully marked', async () => {
    const bus = await startBus({ schema: 'boss_burst', batchSize: 20, handlerConcurrency: 4, pollingIntervalSeconds: 0.5 });
    const billing = await consume(bus, 'billing');
    // Handlers overlap across aggregates (handlerConcurrency 4), never within one.
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    let mostAtOnce = 0;
    const mailer: EventEnvelope[] = [];
    await bus.subscribe('mailer', [StockChanged.name], async (envelope) => {
      if (inFlight.has(envelope.aggregateId)) overlaps.push(envelope.aggregateId);
      inFlight.add(envelope.aggregateId);
      mostAtOnce = Math.max(mostAtOnce, inFlight.size);
      await sleep(2);
      inFlight.delete(envelope.aggregateId);
      mailer.push(envelope);
    });
    const skus = ['a', 'b', 'c', 'd', 'e', 'f'];
    const total = 300;
    // Parallel writers, as many transactions as events.
    const written = (
      await Promise.all(
        skus.map(async (sku) => {
          const mine: EventEnvelope[] = [];
          for (let seq = 0; seq < total / skus.length; seq++) {
            mine.push(
              await orm.em.fork().transactional((tx) => recordEvent(tx, StockChanged, { aggregateId: sku, payload: { sku, seq } })),
            );
          }
          return mine;
        }),
      )
    ).flat();
    // Started after the burst, the relay hands over batches mixing aggregates, so fetched batches do too.
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, batchSize: 50, pollIntervalMs: 200 });
    await relay.start();
    stops.push(() => relay.stop());

    await waitFor(() => billing.length >= total && mailer.length >= total, 30_000);
    // Every row handed to the bus and every delivery settled: nothing more can arrive.
    await waitFor(async () => (await outboxRows(orm.em)).every((row) => row.published_at !== null));
    await waitUntilSettled(bus, ['billing', 'mailer']);
    for (const deliveries of [billing, mailer]) {
      expect(deliveries).toHaveLength(total);
      expect(new Set(deliveries.map((e) => e.id))).toEqual(new Set(written.map((e) => e.id)));
      expect(counts(deliveries).every((n) => n === 1)).toBe(true);
    }
    expect((await outboxRows(orm.em)).every((row) => row.published_at !== null)).toBe(true);
    expect(overlaps).toEqual([]);
    expect(mostAtOnce).toBeGreaterThan(1);
  });

  it('retries and dead-letters only the failing event of a fetched batch; its neighbours are handled once', async () => {
    const bus = await startBus({
      schema: 'boss_isolated',
      batchSize: 10,
      retryLimit: 1,
      retryDelaySeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    const billing = await consume(bus, 'billing', (envelope) => envelope.aggregateId === 'bad');
    const events = ['a', 'b', 'bad', 'c', 'd'].map((sku) =>
      createEnvelope(StockChanged, { producer: SCHEMA, aggregateId: sku, payload: { sku, seq: 0 } }),
    );
    // One insert: the worker fetches the five together.
    await bus.publishBatch(events);

    await waitFor(async () => (await bus.deadLetters('billing')).length === 1, 30_000);
    expect((await bus.deadLetters('billing')).map((e) => e.aggregateId)).toEqual(['bad']);
    await waitUntilSettled(bus, ['billing']);
    const bad = events[2]!.id;
    // The failing event ran twice (retryLimit 1); every other one exactly once.
    expect(billing.filter((e) => e.id === bad)).toHaveLength(2);
    expect(
      billing
        .filter((e) => e.id !== bad)
        .map((e) => e.aggregateId)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('wakes a consumer through LISTEN/NOTIFY when events are published, not by its polling', async () => {
    // Polling every 120 s: a delivery within the wait below can only come from a NOTIFY.
    const bus = await startBus({ schema: 'boss_wake', pollingIntervalSeconds: 120 });
    const billing = await consume(bus, 'billing');
    // A first event shows the worker has fetched since it started (whichever way it was woken); the
    // worker then waits for the next NOTIFY, so the second can only come through one.
    const envelope = (seq: number) => createEnvelope(StockChanged, { producer: SCHEMA, aggregateId: 'w', payload: { sku: 'w', seq } });
    const warmUp = envelope(0);
    await bus.publishBatch([warmUp]);
    await waitFor(() => billing.some((e) => e.id === warmUp.id));
    const event = envelope(1);
    await bus.publishBatch([event]);
    await waitFor(() => billing.some((e) => e.id === event.id));
  });

  it('publishes through publish() and publishBatch() alike to each subscribed consumer, and skips unsubscribed events', async () => {
    const bus = await startBus({ schema: 'boss_fanout_batch', pollingIntervalSeconds: 0.5 });
    const billing = await consume(bus, 'billing');
    const nobody = createEnvelope(defineEvent<{ n: number }>('nobody.listens', 1), {
      producer: SCHEMA,
      aggregateId: 'x',
      payload: { n: 1 },
    });
    const one = createEnvelope(StockChanged, { producer: SCHEMA, aggregateId: 'p', payload: { sku: 'p', seq: 0 } });
    const two = createEnvelope(StockChanged, { producer: SCHEMA, aggregateId: 'p', payload: { sku: 'p', seq: 1 } });
    await bus.publish(one);
    await bus.publishBatch([nobody, two]);
    await waitFor(() => billing.length >= 2);
    await waitUntilSettled(bus, ['billing']);
    expect(billing.map((e) => e.id).sort()).toEqual([one.id, two.id].sort());
  });
});
