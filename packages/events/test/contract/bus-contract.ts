import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Registry } from 'prom-client';
import { defineEvent, handleOnce, OutboxRelay, recordEvent, type DeadLetterBus, type EventEnvelope } from '../../src/index.js';
import { Latch, openEventsDatabase, outboxRows, SCHEMA, waitFor } from '../support.js';

/** A started bus under test, and how to tell that it is idle. */
export interface BusUnderTest {
  bus: DeadLetterBus;
  /** True once no delivery to any of `consumers` is waiting, in flight or waiting out a retry delay. */
  settled(consumers: string[]): Promise<boolean>;
}

/** What a transport's test file gives the suite to build a started bus with. */
export interface BusOptions {
  /** The test database (pg-boss keeps its queues there). */
  url: string;
  /** Buses built with one namespace share their consumers, queues and streams (two instances of one process). */
  namespace: string;
  /** Retries before a delivery is dead-lettered (backoff of a second or less). */
  retryLimit: number;
  registry: Registry;
}

/** Builds a started bus; the suite stops it. */
export type MakeBus = (options: BusOptions) => Promise<BusUnderTest>;

const OrderPlaced = defineEvent<{ orderId: string; n: number }>('order.placed', 1);

/**
 * Issue 21: the one contract every event transport keeps, end to end through the outbox and the
 * relay on a real PostgreSQL, with consumers that apply each event once through their inbox.
 */
export function describeBusContract(transport: string, makeBus: MakeBus): void {
  describe(`event bus contract: ${transport}`, () => {
    let orm: MikroORM;
    let close: () => Promise<void>;
    let url: string;
    let tests = 0;
    const stops: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      const opened = await openEventsDatabase();
      ({ orm, close } = opened);
      url = opened.db.url;
      await orm.em
        .fork()
        .execute(`create table "${SCHEMA}"."applied" ("consumer" text, "event_id" uuid, "n" int, "count" int not null)`, [], 'run');
    });
    afterEach(async () => {
      while (stops.length) await stops.pop()!();
      await orm.em.fork().execute(`truncate "${SCHEMA}"."outbox", "${SCHEMA}"."inbox", "${SCHEMA}"."applied"`, [], 'run');
    });
    afterAll(async () => {
      await close?.();
    });

    /** A namespace for this test's buses: tests do not see each other's consumers or events. */
    const namespace = () => `contract_${++tests}`;

    async function startBus(ns: string, retryLimit = 2, registry = new Registry()): Promise<BusUnderTest> {
      const started = await makeBus({ url, namespace: ns, retryLimit, registry });
      // A test may stop it first; stopping again does nothing.
      stops.push(() => started.bus.stop());
      return started;
    }

    async function startRelay(bus: DeadLetterBus): Promise<void> {
      const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 200, retryBaseMs: 50 });
      await relay.start();
      stops.push(() => relay.stop());
    }

    /** A consumer applying each event once through its inbox (`applied` counts applications per event). */
    function applying(consumer: string) {
      const deliveries: EventEnvelope[] = [];
      const apply = (envelope: EventEnvelope) =>
        handleOnce(orm.em.fork(), consumer, envelope, async (tx) => {
          await tx.execute(
            `insert into "${SCHEMA}"."applied" values (?, ?, ?, 1)`,
            [consumer, envelope.id, (envelope.payload as { n: number }).n],
            'run',
          );
        });
      const handler = async (envelope: EventEnvelope) => {
        deliveries.push(envelope);
        await apply(envelope);
      };
      return { consumer, deliveries, apply, handler };
    }

    async function applied(consumer: string): Promise<Array<{ event_id: string; count: number }>> {
      return orm.em
        .fork()
        .execute(`select "event_id", sum("count")::int as "count" from "${SCHEMA}"."applied" where "consumer" = ? group by "event_id"`, [
          consumer,
        ]);
    }

    /** Waits until the outbox is published and every delivery to `consumers` settled: nothing more can arrive. */
    async function quiet(under: BusUnderTest, consumers: string[]): Promise<void> {
      await waitFor(async () => (await outboxRows(orm.em)).every((row) => row.published_at !== null), 30_000);
      await waitFor(() => under.settled(consumers), 30_000);
    }

    function place(orderId: string, n = 0) {
      return orm.em.fork().transactional((tx) => recordEvent(tx, OrderPlaced, { aggregateId: orderId, payload: { orderId, n } }));
    }

    async function metric(registry: Registry, name: string): Promise<number | undefined> {
      return (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
    }

    it('delivers a committed event once to each consumer after the commit, and never an event whose transaction rolled back', async () => {
      const under = await startBus(namespace());
      const billing = applying('billing');
      const mailer = applying('mailer');
      await under.bus.subscribe(billing.consumer, [OrderPlaced.name], billing.handler);
      await under.bus.subscribe(mailer.consumer, [OrderPlaced.name], mailer.handler);
      await startRelay(under.bus);

      await expect(
        orm.em.fork().transactional(async (tx) => {
          await recordEvent(tx, OrderPlaced, { aggregateId: 'o-rolled-back', payload: { orderId: 'o-rolled-back', n: 0 } });
          throw new Error('business rule broken');
        }),
      ).rejects.toThrow('business rule broken');
      const committed = await place('o-committed');

      await waitFor(() => billing.deliveries.length > 0 && mailer.deliveries.length > 0);
      await quiet(under, [billing.consumer, mailer.consumer]);
      for (const consumer of [billing, mailer]) {
        expect(consumer.deliveries).toEqual([committed]);
        expect(await applied(consumer.consumer)).toEqual([{ event_id: committed.id, count: 1 }]);
      }
      expect(await outboxRows(orm.em)).toHaveLength(1);
    });

    it("hands each consumer an aggregate's events in the order they were committed", async () => {
      const under = await startBus(namespace());
      const billing = applying('billing');
      const mailer = applying('mailer');
      await under.bus.subscribe(billing.consumer, [OrderPlaced.name], billing.handler);
      await under.bus.subscribe(mailer.consumer, [OrderPlaced.name], mailer.handler);
      await startRelay(under.bus);
      const aggregates = ['a', 'b', 'c', 'd', 'e', 'f'];
      const perAggregate = 25;

      // Writers in parallel across aggregates, one after the other within each: the relay sees batches
      // that mix aggregates while commits keep coming.
      await Promise.all(
        aggregates.map(async (aggregate) => {
          for (let n = 0; n < perAggregate; n++) await place(aggregate, n);
        }),
      );

      const total = aggregates.length * perAggregate;
      await waitFor(() => billing.deliveries.length >= total && mailer.deliveries.length >= total, 60_000);
      await quiet(under, [billing.consumer, mailer.consumer]);
      for (const consumer of [billing, mailer]) {
        expect(consumer.deliveries).toHaveLength(total);
        for (const aggregate of aggregates) {
          const order = consumer.deliveries.filter((e) => e.aggregateId === aggregate).map((e) => (e.payload as { n: number }).n);
          expect(order).toEqual(Array.from({ length: perAggregate }, (_, n) => n));
        }
      }
    });

    it('retries a failing delivery, dead-letters it after the last retry, and redrive hands it to that consumer alone', async () => {
      const registry = new Registry();
      const under = await startBus(namespace(), 2, registry);
      let fixed = false;
      const calls: EventEnvelope[] = [];
      const billing = applying('billing');
      const mailer = applying('mailer');
      await under.bus.subscribe(billing.consumer, [OrderPlaced.name], async (envelope) => {
        calls.push(envelope);
        if (!fixed) throw new Error('handler bug');
        await billing.handler(envelope);
      });
      await under.bus.subscribe(mailer.consumer, [OrderPlaced.name], mailer.handler);
      await startRelay(under.bus);

      const event = await place('o-dead');

      await waitFor(async () => (await under.bus.deadLetters(billing.consumer)).length === 1, 30_000);
      // One delivery and two retries.
      expect(calls.map((e) => e.id)).toEqual([event.id, event.id, event.id]);
      expect(await under.bus.deadLetters(billing.consumer)).toEqual([event]);
      expect(await under.bus.deadLetters(mailer.consumer)).toEqual([]);
      expect(await metric(registry, 'events_retries_total')).toBe(2);
      expect(await metric(registry, 'events_dead_letters_total')).toBe(1);
      await quiet(under, [billing.consumer, mailer.consumer]);
      expect(await applied(billing.consumer)).toEqual([]);

      fixed = true;
      expect(await under.bus.redrive(billing.consumer)).toBe(1);
      await waitFor(async () => (await applied(billing.consumer)).length === 1, 30_000);
      await quiet(under, [billing.consumer, mailer.consumer]);
      expect(await applied(billing.consumer)).toEqual([{ event_id: event.id, count: 1 }]);
      expect(await under.bus.deadLetters(billing.consumer)).toEqual([]);
      expect(await under.bus.redrive(billing.consumer)).toBe(0);
      // The other consumer handled it once, before: the redrive was not for it.
      expect(mailer.deliveries.map((e) => e.id)).toEqual([event.id]);
    });

    it('redelivers an event whose handler failed after applying it, and the inbox applies it once', async () => {
      const under = await startBus(namespace());
      const billing = applying('billing');
      let failures = 1;
      await under.bus.subscribe(billing.consumer, [OrderPlaced.name], async (envelope) => {
        await billing.handler(envelope);
        if (failures-- > 0) throw new Error('crashed after committing');
      });
      await startRelay(under.bus);

      const event = await place('o-thrown');

      await waitFor(() => billing.deliveries.length >= 2, 30_000);
      await quiet(under, [billing.consumer]);
      expect(billing.deliveries.map((e) => e.id)).toEqual([event.id, event.id]);
      expect(await applied(billing.consumer)).toEqual([{ event_id: event.id, count: 1 }]);
      expect(await under.bus.deadLetters(billing.consumer)).toEqual([]);
    });

    it('redelivers to another instance an event whose instance stopped mid-handler before settling it, and the inbox applies it once', async () => {
      const ns = namespace();
      const first = await startBus(ns);
      const inFirst = applying('billing');
      const appliedInFirst = new Latch();
      const testEnded = new Latch();
      stops.push(async () => testEnded.open());
      // Applies, then hangs like a process about to die: the delivery is not settled before the stop.
      await first.bus.subscribe(inFirst.consumer, [OrderPlaced.name], async (envelope) => {
        await inFirst.handler(envelope);
        appliedInFirst.open();
        await testEnded.opened;
      });
      await startRelay(first.bus);

      const event = await place('o-stopped');
      await appliedInFirst.opened;
      await first.bus.stop();

      const second = await startBus(ns);
      const inSecond = applying('billing');
      await second.bus.subscribe(inSecond.consumer, [OrderPlaced.name], inSecond.handler);

      await waitFor(() => inSecond.deliveries.length > 0, 60_000);
      await quiet(second, [inSecond.consumer]);
      expect(inFirst.deliveries.map((e) => e.id)).toEqual([event.id]);
      expect(inSecond.deliveries.map((e) => e.id)).toEqual([event.id]);
      expect(await applied('billing')).toEqual([{ event_id: event.id, count: 1 }]);
    });
  });
}
