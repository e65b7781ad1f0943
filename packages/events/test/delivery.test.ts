import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { withRequestId } from '@shopgraph/observability';
import { Registry } from 'prom-client';
import { defineEvent, handleOnce, OutboxRelay, PgBossBus, recordEvent, type EventBus, type EventEnvelope } from '../src/index.js';
import { openEventsDatabase, outboxRows, SCHEMA, waitFor, waitUntilSettled } from './support.js';

const OrderPlaced = defineEvent<{ orderId: string; total: number }>('order.placed', 1);

/** Issue 8: outbox → relay → pg-boss → idempotent consumers, on a real PostgreSQL. */
describe('event delivery', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let url: string;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const opened = await openEventsDatabase();
    ({ orm, close } = opened);
    url = opened.db.url;
    await orm.em.fork().execute(`create table "${SCHEMA}"."applied" ("consumer" text primary key, "count" int not null)`, [], 'run');
  });
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
    await orm.em.fork().execute(`truncate "${SCHEMA}"."outbox", "${SCHEMA}"."inbox", "${SCHEMA}"."applied"`, [], 'run');
  });
  afterAll(async () => {
    await close?.();
  });

  async function startBus(registry: Registry, pgbossSchema: string, retryLimit = 2): Promise<PgBossBus> {
    const bus = new PgBossBus({ url, schema: pgbossSchema, retryLimit, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, registry });
    await bus.start();
    stops.push(() => bus.stop());
    return bus;
  }

  async function startRelay(bus: EventBus, registry: Registry, extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) {
    const relay = new OutboxRelay({ url, schema: SCHEMA, bus, pollIntervalMs: 200, retryBaseMs: 50, registry, ...extra });
    await relay.start();
    stops.push(() => relay.stop());
    return relay;
  }

  /** `bus`, running `after` once each publish went through. */
  function afterPublish(bus: EventBus, after: () => Promise<void>): EventBus {
    return {
      publish: async (envelope) => {
        await bus.publish(envelope);
        await after();
      },
      subscribe: (...args) => bus.subscribe(...args),
      start: () => bus.start(),
      stop: () => bus.stop(),
    };
  }

  async function metricValue(registry: Registry, name: string): Promise<number | undefined> {
    return (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
  }

  /** A consumer that applies each event once through the inbox, counting deliveries and applications. */
  function idempotentConsumer(consumer: string) {
    const state = { deliveries: [] as EventEnvelope[] };
    const handler = async (envelope: EventEnvelope) => {
      state.deliveries.push(envelope);
      await handleOnce(orm.em.fork(), consumer, envelope, async (tx) => {
        await tx.execute(
          `insert into "${SCHEMA}"."applied" values (?, 1) on conflict ("consumer") do update set "count" = "applied"."count" + 1`,
          [consumer],
          'run',
        );
      });
    };
    return { state, handler };
  }

  async function appliedCount(consumer: string): Promise<number> {
    const rows = await orm.em
      .fork()
      .execute<{ count: number }[]>(`select "count" from "${SCHEMA}"."applied" where "consumer" = ?`, [consumer]);
    return rows[0]?.count ?? 0;
  }

  /** Resolves once the outbox is published and `consumers` have settled every delivery: nothing more can arrive. */
  async function quiet(bus: PgBossBus, consumers: string[]): Promise<void> {
    await waitFor(async () => (await outboxRows(orm.em)).every((row) => row.published_at !== null));
    await waitUntilSettled(bus, consumers);
  }

  function place(orderId: string) {
    return orm.em.fork().transactional((tx) => recordEvent(tx, OrderPlaced, { aggregateId: orderId, payload: { orderId, total: 100 } }));
  }

  it('never delivers the event of a rolled-back transaction', async () => {
    const registry = new Registry();
    const bus = await startBus(registry, 'boss_rollback');
    const billing = idempotentConsumer('billing');
    await bus.subscribe('billing', [OrderPlaced.name], billing.handler);
    await startRelay(bus, registry);

    await expect(
      orm.em.fork().transactional(async (tx) => {
        await recordEvent(tx, OrderPlaced, { aggregateId: 'o-rolled-back', payload: { orderId: 'o-rolled-back', total: 1 } });
        throw new Error('business rule broken');
      }),
    ).rejects.toThrow('business rule broken');
    const committed = await place('o-committed');

    await waitFor(() => billing.state.deliveries.length > 0);
    await quiet(bus, ['billing']);
    expect(billing.state.deliveries.map((e) => e.id)).toEqual([committed.id]);
    expect(await outboxRows(orm.em)).toHaveLength(1);
  });

  it('delivers a committed event once to each of two consumers', async () => {
    const registry = new Registry();
    const bus = await startBus(registry, 'boss_fanout');
    const billing = idempotentConsumer('billing');
    const mailer = idempotentConsumer('mailer');
    await bus.subscribe('billing', [OrderPlaced.name], billing.handler);
    await bus.subscribe('mailer', [OrderPlaced.name], mailer.handler);
    await startRelay(bus, registry);

    // The request id comes from the request scope the state change runs in.
    const event = await withRequestId('req-1', () =>
      orm.em.fork().transactional((tx) => recordEvent(tx, OrderPlaced, { aggregateId: 'o-1', payload: { orderId: 'o-1', total: 4200 } })),
    );

    await waitFor(() => billing.state.deliveries.length > 0 && mailer.state.deliveries.length > 0);
    await quiet(bus, ['billing', 'mailer']);
    for (const consumer of [billing, mailer]) {
      expect(consumer.state.deliveries).toEqual([event]);
    }
    expect(event).toMatchObject({ name: 'order.placed', version: 1, producer: SCHEMA, aggregateId: 'o-1', requestId: 'req-1' });
    expect(await appliedCount('billing')).toBe(1);
    expect(await appliedCount('mailer')).toBe(1);
    const [row] = await outboxRows(orm.em);
    expect(row!.published_at).not.toBeNull();
    expect(await metricValue(registry, 'events_published_total')).toBe(1);
    expect(await metricValue(registry, 'events_outbox_lag_seconds')).toBe(0);
  });

  it('redelivers after a relay crash between publish and mark, and the consumer applies it once', async () => {
    const registry = new Registry();
    const bus = await startBus(registry, 'boss_crash');
    const billing = idempotentConsumer('billing');
    await bus.subscribe('billing', [OrderPlaced.name], billing.handler);
    let crashes = 1;
    // Publishes for real, then dies before the relay can mark the row.
    await startRelay(
      afterPublish(bus, async () => {
        if (crashes-- > 0) throw new Error('relay crashed after publishing');
      }),
      registry,
    );

    const event = await place('o-crash');

    await waitFor(() => billing.state.deliveries.length >= 2);
    await quiet(bus, ['billing']);
    expect(billing.state.deliveries.map((e) => e.id)).toEqual([event.id, event.id]);
    expect(await appliedCount('billing')).toBe(1);
    const [row] = await outboxRows(orm.em);
    expect(row).toMatchObject({ attempts: 1, failed: false });
    expect(row!.published_at).not.toBeNull();
  });

  it('redelivers when the relay dies before committing its mark (connection killed after publish)', async () => {
    const registry = new Registry();
    const bus = await startBus(registry, 'boss_killed');
    const billing = idempotentConsumer('billing');
    await bus.subscribe('billing', [OrderPlaced.name], billing.handler);
    let kills = 1;
    await startRelay(
      afterPublish(bus, async () => {
        if (kills-- > 0) {
          // The relay's own transaction, idle while it waits for this publish: end its session.
          await orm.em.fork().execute(
            `select pg_terminate_backend("pid") from pg_stat_activity
             where "datname" = current_database() and "state" = 'idle in transaction' and "query" ilike '%skip locked%'`,
          );
        }
      }),
      registry,
    );

    const event = await place('o-killed');

    await waitFor(() => billing.state.deliveries.length >= 2);
    await quiet(bus, ['billing']);
    expect(billing.state.deliveries.map((e) => e.id)).toEqual([event.id, event.id]);
    expect(await appliedCount('billing')).toBe(1);
    // The crash left no trace on the row: it was simply claimed again.
    expect((await outboxRows(orm.em))[0]).toMatchObject({ attempts: 0, failed: false });
  });

  it('dead-letters an event whose handler always fails, and redrive delivers it after the fix', async () => {
    const registry = new Registry();
    const bus = await startBus(registry, 'boss_dead', 2);
    let fixed = false;
    const calls: EventEnvelope[] = [];
    const billing = idempotentConsumer('billing');
    await bus.subscribe('billing', [OrderPlaced.name], async (envelope) => {
      calls.push(envelope);
      if (!fixed) throw new Error('handler bug');
      await billing.handler(envelope);
    });
    await startRelay(bus, registry);

    const event = await place('o-dead');

    await waitFor(async () => (await bus.deadLetters('billing')).length === 1, 30_000);
    expect(calls).toHaveLength(3);
    expect((await bus.deadLetters('billing')).map((e) => e.id)).toEqual([event.id]);
    expect(await metricValue(registry, 'events_retries_total')).toBe(2);
    expect(await metricValue(registry, 'events_dead_letters_total')).toBe(1);
    expect(await appliedCount('billing')).toBe(0);

    fixed = true;
    expect(await bus.redrive('billing')).toBe(1);
    await waitFor(async () => (await appliedCount('billing')) === 1);
    expect(await bus.deadLetters('billing')).toHaveLength(0);
  });

  it('marks an outbox row failed after max attempts when the bus keeps refusing it', async () => {
    const registry = new Registry();
    const refusing: EventBus = {
      publish: async () => {
        throw new Error('bus down');
      },
      subscribe: async () => undefined,
      start: async () => undefined,
      stop: async () => undefined,
    };
    await startRelay(refusing, registry, { maxAttempts: 3, retryBaseMs: 20 });

    await place('o-refused');

    await waitFor(async () => (await outboxRows(orm.em))[0]?.failed === true);
    const [row] = await outboxRows(orm.em);
    expect(row).toMatchObject({ attempts: 3, failed: true, published_at: null });
    expect(await metricValue(registry, 'events_outbox_failed_total')).toBe(1);
  });
});
