import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PreparedSql, countStatements } from '@shopgraph/db';
import { StockLevel } from '../../src/entities/index.js';
import { LowStockAlert, StockLevelChanged, StockReserved } from '../../src/events/inventory.events.js';
import { reserve } from '../../src/services/reservation.service.js';
import { type NewReservation, readForReserve, writeReservations } from '../../src/services/reservation-store.js';
import { type InventoryDb, openInventoryDb } from './stock-kit.js';

let db: InventoryDb;
beforeAll(async () => {
  db = await openInventoryDb();
});
afterAll(async () => {
  await db.close();
});

const TTL = 900;

async function levelOf(sku: string, warehouseId: string): Promise<StockLevel> {
  return db.em().findOneOrFail(StockLevel, { sku, warehouse: warehouseId });
}

async function newReservation(key: string, lines: { sku: string; quantity: number }[]): Promise<NewReservation> {
  const allocations = await Promise.all(
    lines.map(async (l) => ({ sku: l.sku, warehouseId: db.w1.id, quantity: l.quantity, levelId: (await levelOf(l.sku, db.w1.id)).id })),
  );
  return {
    id: randomUUID(),
    owner: `owner-${key}`,
    idempotencyKey: key,
    expiresAt: new Date(Date.now() + TTL * 1000),
    createdAt: new Date(),
    allocations,
    requestId: `req-${key}`,
  };
}

type OutboxRow = { name: string; aggregate_id: string; payload: Record<string, unknown>; request_id: string | null };
const outboxOf = (aggregates: string[]) =>
  db
    .em()
    .execute<OutboxRow[]>(
      `select name, aggregate_id, payload, request_id from inventory.outbox where aggregate_id in (?) order by occurred_at, seq`,
      [aggregates],
    );

/** Issue 5: several reservations in one statement, written exactly as one after the other would have been. */
describe('writeReservations', () => {
  it('writes a batch whole, each event carrying its level after that reservation, in order', async () => {
    await db.receive('BATCH-A', db.w1, 10);
    await db.receive('BATCH-B', db.w1, 10);
    const a = await newReservation('batch-1', [
      { sku: 'BATCH-A', quantity: 2 },
      { sku: 'BATCH-B', quantity: 1 },
    ]);
    const b = await newReservation('batch-2', [{ sku: 'BATCH-A', quantity: 3 }]);
    const c = await newReservation('batch-3', [
      { sku: 'BATCH-B', quantity: 4 },
      { sku: 'BATCH-A', quantity: 1 },
    ]);
    expect(await writeReservations(await PreparedSql.of(db.em()), [a, b, c])).toEqual(['written', 'written', 'written']);

    const levelA = `BATCH-A@${db.w1.id}`;
    const levelB = `BATCH-B@${db.w1.id}`;
    // Without the receipts' events, which no request made.
    const events = (await outboxOf([levelA, levelB, a.id, b.id, c.id])).filter((e) => e.request_id !== null);
    const summary = events.map((e) => [e.name, e.aggregate_id, e.payload.reserved ?? e.payload.available, e.request_id]);
    // Level A (threshold 5): 10 → 8 → 5 → 4 available; only the third crosses below 5. Level B: 9, then 5.
    expect(summary).toEqual([
      [StockLevelChanged.name, levelA, 2, 'req-batch-1'],
      [StockLevelChanged.name, levelB, 1, 'req-batch-1'],
      [StockReserved.name, a.id, undefined, 'req-batch-1'],
      [StockLevelChanged.name, levelA, 5, 'req-batch-2'],
      [StockReserved.name, b.id, undefined, 'req-batch-2'],
      [StockLevelChanged.name, levelA, 6, 'req-batch-3'],
      [StockLevelChanged.name, levelB, 5, 'req-batch-3'],
      [LowStockAlert.name, levelA, 4, 'req-batch-3'],
      [StockReserved.name, c.id, undefined, 'req-batch-3'],
    ]);
    expect(events.filter((e) => e.name === StockLevelChanged.name).map((e) => e.payload.available)).toEqual([8, 9, 5, 4, 5]);
    expect(events.find((e) => e.aggregate_id === c.id)!.payload).toEqual({
      reservationId: c.id,
      owner: 'owner-batch-3',
      expiresAt: c.expiresAt.toISOString(),
      lines: [
        { sku: 'BATCH-A', warehouseId: db.w1.id, quantity: 1 },
        { sku: 'BATCH-B', warehouseId: db.w1.id, quantity: 4 },
      ],
    });
    for (const sku of ['BATCH-A', 'BATCH-B']) {
      const [row] = await db.ledger(sku);
      expect(row).toMatchObject({
        reserved: sku === 'BATCH-A' ? 6 : 5,
        movedReserved: sku === 'BATCH-A' ? 6 : 5,
        heldByActive: sku === 'BATCH-A' ? 6 : 5,
      });
    }
  });

  it('writes nothing when the batch together takes more than a level has', async () => {
    await db.receive('BATCH-C', db.w1, 5);
    const a = await newReservation('batch-4', [{ sku: 'BATCH-C', quantity: 3 }]);
    const b = await newReservation('batch-5', [{ sku: 'BATCH-C', quantity: 3 }]);
    expect(await writeReservations(await PreparedSql.of(db.em()), [a, b])).toEqual(['moved', 'moved']);
    const [row] = await db.ledger('BATCH-C');
    expect(row).toMatchObject({ onHand: 5, reserved: 0, movedReserved: 0, heldByActive: 0 });
    expect(await outboxOf([a.id, b.id, `BATCH-C@${db.w1.id}`])).toHaveLength(1); // the receipt's
  });

  it('skips reservations whose key is taken, by an earlier call or earlier in the batch, and writes the others', async () => {
    await db.receive('BATCH-D', db.w1, 50);
    const pool = await PreparedSql.of(db.em());
    expect(await writeReservations(pool, [await newReservation('batch-6', [{ sku: 'BATCH-D', quantity: 1 }])])).toEqual(['written']);
    const again = await newReservation('batch-6', [{ sku: 'BATCH-D', quantity: 1 }]);
    const first = await newReservation('batch-7', [{ sku: 'BATCH-D', quantity: 1 }]);
    const repeat = await newReservation('batch-7', [{ sku: 'BATCH-D', quantity: 2 }]);
    expect(await writeReservations(pool, [again, first, repeat])).toEqual(['taken', 'written', 'taken']);
    expect((await db.ledger('BATCH-D'))[0]).toMatchObject({ reserved: 2, movedReserved: 2, heldByActive: 2 });
    const events = (await outboxOf([`BATCH-D@${db.w1.id}`, again.id, first.id, repeat.id])).filter((e) => e.request_id !== null);
    expect(events.map((e) => [e.name, e.payload.reserved])).toEqual([
      [StockLevelChanged.name, 1],
      [StockLevelChanged.name, 2],
      [StockReserved.name, undefined],
    ]);
    expect(events[2]!.aggregate_id).toBe(first.id);
  });
});

describe('readForReserve', () => {
  it('answers each call of a batch with its own key and only its own SKUs', async () => {
    await db.receive('READ-A', db.w1, 3);
    await db.receive('READ-B', db.w2, 4);
    const pool = await PreparedSql.of(db.em());
    const made = await newReservation('read-1', [{ sku: 'READ-A', quantity: 1 }]);
    expect(await writeReservations(pool, [made])).toEqual(['written']);
    const [first, second] = await readForReserve(pool, [
      { idempotencyKey: 'read-1', skus: ['READ-A'] },
      { idempotencyKey: 'read-2', skus: ['READ-B', 'READ-A', 'READ-NONE'] },
    ]);
    expect(first).toEqual({
      existingId: made.id,
      levels: [expect.objectContaining({ sku: 'READ-A', warehouseId: db.w1.id, available: 2 })],
    });
    expect(second!.existingId).toBeNull();
    expect(second!.levels.map((l) => [l.sku, l.available]).sort()).toEqual([
      ['READ-A', 2],
      ['READ-B', 4],
    ]);
  });
});

describe('reserve in batches', () => {
  it('reads and writes concurrent reservations in fewer statements than calls, each exact and idempotent', async () => {
    const skus = Array.from({ length: 8 }, (_, i) => `BULK-${i}`);
    for (const sku of skus) await db.receive(sku, db.w1, 1000);
    const counter = countStatements({ schema: 'inventory' });
    // How many calls each statement served: the length of its first array parameter.
    const served = (name: string) => counter.statements.filter((s) => s.name === name).map((s) => (s.values[0] as unknown[]).length);
    const requests = Array.from({ length: 60 }, (_, i) => ({
      lines: [0, 3, 5].map((j) => ({ sku: skus[(i + j) % skus.length]!, quantity: 1 + (j % 2) })),
      owner: `bulk-${i % 40}`,
      idempotencyKey: `bulk-${i % 40}`,
      ttlSeconds: TTL,
    }));
    let results;
    try {
      results = await Promise.all(requests.map((r) => reserve(db.em(), r)));
    } finally {
      counter.stop();
    }
    const writes = served('inventory.write-reservations');
    const reads = served('inventory.read-for-reserve');
    // 60 calls, 40 keys: the 20 repeats get the reservation of their key.
    const byKey = new Map<string, string>();
    results.forEach((r, i) => {
      expect(r.userErrors).toEqual([]);
      const known = byKey.get(requests[i]!.idempotencyKey);
      if (known) expect(r.reservation!.id).toBe(known);
      else byKey.set(requests[i]!.idempotencyKey, r.reservation!.id);
    });
    expect(byKey.size).toBe(40);
    expect(writes.some((n) => n > 1)).toBe(true);
    expect(writes.length).toBeLessThan(60);
    expect(reads.some((n) => n > 1)).toBe(true);
    expect(reads.length).toBeLessThan(60);
    for (const sku of skus) {
      const wanted = [...byKey.keys()]
        .map((k) => requests.find((r) => r.idempotencyKey === k)!)
        .flatMap((r) => r.lines)
        .filter((l) => l.sku === sku)
        .reduce((n, l) => n + l.quantity, 0);
      const [row] = await db.ledger(sku);
      expect(row).toMatchObject({ reserved: wanted, movedReserved: wanted, heldByActive: wanted });
      const reported = (await outboxOf([`${sku}@${db.w1.id}`]))
        .filter((e) => e.name === StockLevelChanged.name)
        .map((e) => e.payload.reserved as number);
      // One event per change, in the order the changes happened: reserved only ever grows.
      expect(reported.slice(1)).toEqual([...reported.slice(1)].sort((x, y) => x - y));
      expect(reported.at(-1)).toBe(wanted);
    }
  });
});
