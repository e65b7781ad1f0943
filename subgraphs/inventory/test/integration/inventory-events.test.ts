import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EventEnvelope, OutboxRelay, PgBossBus } from '@shopgraph/events';
import { LowStockAlert, StockConfirmed, StockLevelChanged, StockReleased, StockReserved } from '../../src/events/inventory.events.js';
import { confirm, release, reserve } from '../../src/services/reservation.service.js';
import { type InventoryDb, openInventoryDb } from './stock-kit.js';

/** Issue 5: stock events go through the outbox, committed with the change, to the bus. */
describe('inventory events', () => {
  let db: InventoryDb;
  let bus: PgBossBus;
  let relay: OutboxRelay;
  const received: EventEnvelope[] = [];
  const url = () => db.orm.config.get('clientUrl')!;

  beforeAll(async () => {
    db = await openInventoryDb();
    bus = new PgBossBus({ url: url(), pollingIntervalSeconds: 0.5 });
    await bus.start();
    await bus.subscribe(
      'test.inventory-watcher',
      [StockReserved.name, StockReleased.name, StockConfirmed.name, StockLevelChanged.name, LowStockAlert.name],
      async (e) => {
        received.push(e);
      },
    );
    relay = new OutboxRelay({ url: url(), schema: 'inventory', bus, pollIntervalMs: 200 });
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await bus?.stop();
    await db?.close();
  });

  const waitFor = async (predicate: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; received ${received.map((e) => e.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('publishes StockReserved, StockConfirmed, StockReleased, level changes and a low-stock alert', async () => {
    await db.receive('EVT-1', db.w1, 6);
    const held = await reserve(db.em(), {
      lines: [{ sku: 'EVT-1', quantity: 2 }],
      owner: 'checkout-1',
      idempotencyKey: 'evt-1',
      ttlSeconds: 60,
    });
    const reservationId = held.reservation!.id;
    await waitFor(() => received.some((e) => e.name === StockReserved.name));
    const reserved = received.find((e) => e.name === StockReserved.name)!;
    expect(reserved).toMatchObject({
      aggregateId: reservationId,
      producer: 'inventory',
      payload: { owner: 'checkout-1', lines: [{ sku: 'EVT-1', warehouseId: db.w1.id, quantity: 2 }] },
    });
    // 6 on hand, 2 reserved: available fell from 6 to 4, below the default threshold of 5.
    const levelChanged = () => received.filter((e) => e.name === StockLevelChanged.name).map((e) => e.payload);
    await waitFor(() => levelChanged().some((l) => (l as { reserved: number }).reserved === 2));
    expect(levelChanged()).toContainEqual({ sku: 'EVT-1', warehouseId: db.w1.id, onHand: 6, reserved: 2, available: 4 });
    await waitFor(() => received.some((e) => e.name === LowStockAlert.name));
    expect(received.find((e) => e.name === LowStockAlert.name)!.payload).toEqual({
      sku: 'EVT-1',
      warehouseId: db.w1.id,
      available: 4,
      threshold: 5,
    });

    await confirm(db.em(), reservationId);
    await waitFor(() => received.some((e) => e.name === StockConfirmed.name));
    const levels = () =>
      received.filter((e) => e.name === StockLevelChanged.name).map((e) => e.payload as { onHand: number; reserved: number });
    await waitFor(() => levels().some((l) => l.onHand === 4 && l.reserved === 0));

    const second = await reserve(db.em(), {
      lines: [{ sku: 'EVT-1', quantity: 1 }],
      owner: 'checkout-2',
      idempotencyKey: 'evt-2',
      ttlSeconds: 60,
    });
    await release(db.em(), second.reservation!.id);
    await waitFor(() => received.some((e) => e.name === StockReleased.name));
    expect(received.find((e) => e.name === StockReleased.name)!.payload).toMatchObject({ reason: 'released', owner: 'checkout-2' });
  });

  it('records nothing for a reservation that holds nothing', async () => {
    const before = await db.em().execute<{ n: string }[]>(`select count(*) as n from inventory.outbox`);
    const short = await reserve(db.em(), {
      lines: [{ sku: 'EVT-NONE', quantity: 1 }],
      owner: 'c',
      idempotencyKey: 'evt-none',
      ttlSeconds: 60,
    });
    expect(short.reservation).toBeNull();
    const after = await db.em().execute<{ n: string }[]>(`select count(*) as n from inventory.outbox`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
