import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import {
  createEnvelope,
  createEventBus,
  defineEvent,
  NatsJetStreamBus,
  type EventEnvelope,
  type NatsJetStreamBusOptions,
} from '../src/index.js';
import { describeBusContract } from './contract/bus-contract.js';
import { Latch, sleep, waitFor } from './support.js';

/** The NATS server of the scale tests (`npm run test:scale` checks it is there). */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** Subject prefixes used by this run: unique per process, so that runs sharing the server do not meet. */
const prefixes = new Set<string>();

/** Issue 21: the bus contract on NATS JetStream (streams of their own per test on the shared server; jobs on pg-boss). */
describeBusContract('NATS JetStream', async ({ url, namespace, retryLimit, registry }) => {
  const prefix = `t${process.pid}_${namespace}`;
  prefixes.add(prefix);
  const bus = createEventBus(
    { EVENT_TRANSPORT: 'nats', NATS_URL },
    {
      databaseUrl: url,
      registry,
      pgBoss: { schema: `boss_${namespace}`, pollingIntervalSeconds: 0.5 },
      nats: { prefix, partitions: 4, retryLimit, retryDelaySeconds: 0.2, ackWaitSeconds: 2, storage: 'memory', stopTimeoutMs: 500 },
    },
  );
  await bus.start();
  const events = bus.events as NatsJetStreamBus;
  return {
    bus,
    settled: async (consumers) => {
      const counts = await Promise.all(consumers.map((consumer) => events.pending(consumer)));
      return counts.every(({ waiting, active }) => waiting === 0 && active === 0);
    },
  };
});

afterAll(async () => {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const prefix of prefixes) {
    for (const stream of [`${prefix.toUpperCase()}_EVENTS`, `${prefix.toUpperCase()}_DLQ`]) await jsm.streams.delete(stream);
  }
  await nc.close();
});

/** What the JetStream transport adds to the contract: order across instances, and dead letters of handlers that never return. */
describe('NATS JetStream bus across instances', () => {
  let tests = 0;
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  async function startBus(prefix: string, options: Partial<NatsJetStreamBusOptions> = {}): Promise<NatsJetStreamBus> {
    prefixes.add(prefix);
    const bus = new NatsJetStreamBus({
      url: NATS_URL,
      prefix,
      partitions: 4,
      ackWaitSeconds: 1,
      storage: 'memory',
      stopTimeoutMs: 200,
      ...options,
    });
    await bus.start();
    stops.push(() => bus.stop());
    return bus;
  }

  const Moved = defineEvent<{ n: number }>('stock.moved', 1);
  const moved = (aggregateId: string, n: number) => createEnvelope(Moved, { producer: 'inventory', aggregateId, payload: { n } });

  it("keeps each aggregate's order with two instances of a consumer sharing the work", async () => {
    const prefix = `t${process.pid}_across_${++tests}`;
    const [first, second] = [await startBus(prefix), await startBus(prefix)];
    const handled: Array<{ instance: number; envelope: EventEnvelope }> = [];
    for (const [instance, bus] of [first, second].entries()) {
      await bus.subscribe('billing', [Moved.name], async (envelope) => {
        // Even events take longer: were the next one handed to the other instance meanwhile, it would finish first.
        if ((envelope.payload as { n: number }).n % 2 === 0) await sleep(3);
        handled.push({ instance, envelope });
      });
    }
    const aggregates = Array.from({ length: 30 }, (_, a) => `sku-${a}`);
    const perAggregate = 10;
    const events = Array.from({ length: perAggregate }, (_, n) => aggregates.map((aggregate) => moved(aggregate, n))).flat();
    for (let at = 0; at < events.length; at += 50) await first.publishBatch(events.slice(at, at + 50));

    await waitFor(() => handled.length >= events.length, 60_000);
    await waitFor(async () => {
      const { waiting, active } = await first.pending('billing');
      return waiting === 0 && active === 0;
    });
    expect(handled).toHaveLength(events.length);
    for (const aggregate of aggregates) {
      const order = handled
        .filter(({ envelope }) => envelope.aggregateId === aggregate)
        .map(({ envelope }) => (envelope.payload as { n: number }).n);
      expect(order).toEqual(Array.from({ length: perAggregate }, (_, n) => n));
    }
    expect(new Set(handled.map(({ instance }) => instance))).toEqual(new Set([0, 1]));
  });

  it('dead-letters an event whose handler never returns, once every instance it reached stopped before settling it', async () => {
    const prefix = `t${process.pid}_stuck_${++tests}`;
    const retryLimit = 2;
    const event = moved('sku-stuck', 0);
    const publisher = await startBus(prefix, { retryLimit });
    // Each instance gets the event, hangs in its handler and stops without settling it, like a
    // process that dies on it every time: the server counts the deliveries.
    for (let delivery = 1; delivery <= retryLimit + 1; delivery++) {
      const instance = await startBus(prefix, { retryLimit });
      const reached = new Latch();
      await instance.subscribe('billing', [Moved.name], async () => {
        reached.open();
        await new Promise<void>((resolve) => stops.push(async () => resolve()));
      });
      if (delivery === 1) await publisher.publish(event);
      await reached.opened;
      await instance.stop();
    }
    // The instance running when the last delivery times out hears the max-deliveries advisory.
    const registry = new Registry();
    const survivor = await startBus(prefix, { retryLimit, registry });
    const handled: EventEnvelope[] = [];
    await survivor.subscribe('billing', [Moved.name], async (envelope) => {
      handled.push(envelope);
    });

    await waitFor(async () => (await survivor.deadLetters('billing')).length === 1, 30_000);
    expect(await survivor.deadLetters('billing')).toEqual([event]);
    const depth = await registry.getSingleMetric('events_dead_letter_depth')?.get();
    expect(depth?.values).toEqual([{ labels: { consumer: 'billing' }, value: 1 }]);
    expect((await registry.getSingleMetric('events_dead_letters_total')?.get())?.values[0]?.value).toBe(1);
    expect(handled).toEqual([]);

    expect(await survivor.redrive('billing')).toBe(1);
    await waitFor(() => handled.length === 1);
    expect(handled).toEqual([event]);
    expect(await survivor.deadLetters('billing')).toEqual([]);
  });
});
