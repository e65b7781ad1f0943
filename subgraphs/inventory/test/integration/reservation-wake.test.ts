import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EventBus, type EventEnvelope, OutboxRelay, outboxChannel } from '@shopgraph/events';
import pg from 'pg';
import { StockReserved } from '../../src/events/inventory.events.js';
import { reserve } from '../../src/services/reservation.service.js';
import { type InventoryDb, openInventoryDb } from './stock-kit.js';

/** A bus that keeps what it is given. */
class KeepingBus implements EventBus {
  readonly published: EventEnvelope[] = [];
  async publish(envelope: EventEnvelope) {
    this.published.push(envelope);
  }
  async subscribe() {}
  async start() {}
  async stop() {}
}

const until = async (predicate: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Issue 5 (reservation latency): a committed reservation wakes the relay of its own process without a NOTIFY round trip, and NOTIFYs when it has none. */
describe('waking the relay after a reservation', () => {
  let db: InventoryDb;
  let listener: pg.Client;
  const notifications: string[] = [];
  let probes = 0;
  const url = () => db.orm.config.get('clientUrl')!;

  beforeAll(async () => {
    db = await openInventoryDb();
    listener = new pg.Client({ connectionString: url() });
    await listener.connect();
    listener.on('notification', (n) => (n.channel === 'test_probe' ? probes++ : notifications.push(n.channel)));
    await listener.query(`listen "${outboxChannel('inventory')}"`);
    await listener.query('listen "test_probe"');
  });
  afterAll(async () => {
    await listener?.end();
    await db?.close();
  });

  /** Waits for a NOTIFY of its own: delivered in commit order, so every NOTIFY committed before it has been heard. */
  const flush = async () => {
    const expected = probes + 1;
    await db.em().execute('notify "test_probe"', [], 'run');
    await until(() => probes >= expected);
  };

  const hold = (key: string) =>
    reserve(db.em(), { lines: [{ sku: 'WAKE-1', quantity: 1 }], owner: `checkout-${key}`, idempotencyKey: key, ttlSeconds: 60 });

  it('wakes the relay of this process in process: the event goes out at once, and no NOTIFY is sent', async () => {
    await db.receive('WAKE-1', db.w1, 10);
    const bus = new KeepingBus();
    // It polls far beyond the test, and its LISTEN would hear a NOTIFY: only the in-process wake-up publishes this soon.
    let passes = 0;
    const relay = new OutboxRelay({ url: url(), schema: 'inventory', bus, pollIntervalMs: 600_000, onPass: () => passes++ });
    await relay.start();
    try {
      await until(() => passes > 0); // the pass start() begins is over: it cannot be the one that publishes
      await flush(); // the NOTIFYs of the stock received above are in
      notifications.length = 0;
      const held = await hold('wake-1');
      await until(() => bus.published.some((e) => e.name === StockReserved.name && e.aggregateId === held.reservation!.id));
      await flush();
      expect(notifications).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it('sends a NOTIFY when this process runs no relay of the inventory outbox', async () => {
    notifications.length = 0;
    await hold('wake-2');
    await until(() => notifications.length > 0);
    expect(notifications).toEqual([outboxChannel('inventory')]);
  });
});
