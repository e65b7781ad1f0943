import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countStatements } from '@shopgraph/db';
import { Reservation, ReservationStatus, StockLevel, StockMovement, StockMovementKind } from '../../src/entities/index.js';
import { confirm, expireDue, extend, release, reserve, type ReserveResult } from '../../src/services/reservation.service.js';
import { adjustStock } from '../../src/services/stock.service.js';
import { type InventoryDb, openInventoryDb } from './stock-kit.js';

let db: InventoryDb;
beforeAll(async () => {
  db = await openInventoryDb();
});
afterAll(async () => {
  await db.close();
});

const TTL = 900;
let keys = 0;
const key = () => `key-${++keys}`;

/** Every level of `sku` agrees with its movements and its active reservations, and never oversells. */
async function expectConsistent(sku: string) {
  const ledger = await db.ledger(sku);
  expect(ledger.length).toBeGreaterThan(0);
  for (const row of ledger) {
    expect(row.movedOnHand).toBe(row.onHand);
    expect(row.movedReserved).toBe(row.reserved);
    expect(row.heldByActive).toBe(row.reserved);
    expect(row.reserved).toBeLessThanOrEqual(row.onHand);
  }
  return ledger;
}

const totalReserved = async (sku: string) => (await db.ledger(sku)).reduce((n, r) => n + r.reserved, 0);

describe('reserve under concurrency', () => {
  it('lets exactly 50 of 200 parallel one-unit reservations through 50 units, never going negative', async () => {
    await db.receive('PAR-1', db.w1, 30);
    await db.receive('PAR-1', db.w2, 20);
    let running = true;
    let minAvailable = Infinity;
    const sampler = (async () => {
      while (running) {
        const [row] = await db
          .em()
          .execute<{ min: number }[]>(
            `select min(on_hand - reserved - safety_stock) as min from inventory.stock_level where sku = 'PAR-1'`,
          );
        minAvailable = Math.min(minAvailable, Number(row!.min));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserve(db.em(), { lines: [{ sku: 'PAR-1', quantity: 1 }], owner: `s-${i}`, idempotencyKey: `par-1-${i}`, ttlSeconds: TTL }),
      ),
    );
    running = false;
    await sampler;
    const won = results.filter((r) => r.reservation);
    const lost = results.filter((r) => !r.reservation);
    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(150);
    for (const r of lost) expect(r.shortLines).toEqual([{ sku: 'PAR-1', requested: 1, available: 0 }]);
    expect(minAvailable).toBeGreaterThanOrEqual(0);
    const ledger = await expectConsistent('PAR-1');
    expect(ledger.map((r) => r.reserved).sort()).toEqual([20, 30]);
  });

  it('serves overlapping multi-line reservations in any line order without deadlock or oversell', async () => {
    const skus = ['MULTI-X', 'MULTI-Y', 'MULTI-Z'];
    for (const sku of skus) {
      await db.receive(sku, db.w1, 25);
      await db.receive(sku, db.w2, 15);
    }
    const pairs = [
      ['MULTI-X', 'MULTI-Y'],
      ['MULTI-Z', 'MULTI-X'],
      ['MULTI-Y', 'MULTI-Z'],
      ['MULTI-Z', 'MULTI-Y', 'MULTI-X'],
    ];
    const requests = Array.from({ length: 120 }, (_, i) => ({
      lines: pairs[i % pairs.length]!.map((sku, j) => ({ sku, quantity: 1 + ((i + j) % 3) })),
      owner: `m-${i}`,
      idempotencyKey: `multi-${i}`,
      ttlSeconds: TTL,
    }));
    const results: ReserveResult[] = await Promise.all(requests.map((r) => reserve(db.em(), r)));
    const won = results.filter((r) => r.reservation);
    expect(won.length).toBeGreaterThan(0);
    expect(results.length - won.length).toBeGreaterThan(0);
    for (const sku of skus) {
      const wanted = requests
        .filter((_, i) => results[i]!.reservation)
        .flatMap((r) => r.lines)
        .filter((l) => l.sku === sku)
        .reduce((n, l) => n + l.quantity, 0);
      expect(await totalReserved(sku)).toBe(wanted);
      expect(wanted).toBeLessThanOrEqual(40);
      await expectConsistent(sku);
    }
  });

  it('reserves under row locks once the optimistic attempts are used up, still exactly and idempotently', async () => {
    await db.receive('LOCKED-1', db.w1, 12);
    await db.receive('LOCKED-1', db.w2, 8);
    await db.receive('LOCKED-2', db.w2, 30);
    const locked = { optimisticAttempts: 0 };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        reserve(
          db.em(),
          {
            lines: [
              { sku: 'LOCKED-2', quantity: 1 },
              { sku: 'LOCKED-1', quantity: 1 },
            ],
            owner: `l-${i % 50}`,
            idempotencyKey: `locked-${i % 50}`,
            ttlSeconds: TTL,
          },
          undefined,
          locked,
        ),
      ),
    );
    const ids = new Set(results.filter((r) => r.reservation).map((r) => r.reservation!.id));
    expect(ids.size).toBe(20);
    expect(results.filter((r) => !r.reservation).every((r) => r.shortLines.some((s) => s.sku === 'LOCKED-1' && s.available === 0))).toBe(
      true,
    );
    expect((await expectConsistent('LOCKED-1')).map((r) => r.reserved).sort()).toEqual([12, 8].sort());
    expect(await totalReserved('LOCKED-2')).toBe(20);
    await expectConsistent('LOCKED-2');
  });
});

describe('reserve', () => {
  it('holds nothing when the third of three lines is short', async () => {
    await db.receive('ALL-A', db.w1, 5);
    await db.receive('ALL-B', db.w1, 5);
    await db.receive('ALL-C', db.w2, 2);
    const result = await reserve(db.em(), {
      lines: [
        { sku: 'ALL-A', quantity: 2 },
        { sku: 'ALL-B', quantity: 3 },
        { sku: 'ALL-C', quantity: 5 },
      ],
      owner: 'all',
      idempotencyKey: key(),
      ttlSeconds: TTL,
    });
    expect(result.reservation).toBeNull();
    expect(result.shortLines).toEqual([{ sku: 'ALL-C', requested: 5, available: 2 }]);
    expect(result.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    for (const sku of ['ALL-A', 'ALL-B', 'ALL-C']) {
      expect(await totalReserved(sku)).toBe(0);
      await expectConsistent(sku);
    }
    expect(await db.em().count(Reservation, { owner: 'all' })).toBe(0);
    expect(await db.em().count(StockMovement, { kind: StockMovementKind.RESERVATION, sku: { $in: ['ALL-A', 'ALL-B', 'ALL-C'] } })).toBe(0);
  });

  it('holds a 5-line reservation in two SQL round trips: one read, one write, no transaction statements', async () => {
    const skus = ['RT-1', 'RT-2', 'RT-3', 'RT-4', 'RT-5'];
    for (const sku of skus) await db.receive(sku, db.w1, 10);
    const em = db.em();
    const counter = countStatements({ schema: 'inventory', control: true });
    try {
      const result = await reserve(em, {
        lines: skus.map((sku) => ({ sku, quantity: 1 })),
        owner: 'rt',
        idempotencyKey: key(),
        ttlSeconds: TTL,
      });
      expect(result.reservation!.lines).toHaveLength(5);
      expect(counter.statements.map((s) => s.name ?? s.text).filter((q) => q !== 'inventory.wake-relay')).toEqual([
        'inventory.read-for-reserve',
        'inventory.write-reservations',
      ]);
    } finally {
      counter.stop();
    }
    for (const sku of skus) expect((await expectConsistent(sku))[0]!.reserved).toBe(1);
  });

  it('splits a line across warehouses by priority and keeps safety stock', async () => {
    await db.receive('SPLIT', db.w1, 4);
    await db.receive('SPLIT', db.w2, 10);
    await db.em().nativeUpdate(StockLevel, { sku: 'SPLIT', warehouse: db.w2.id }, { safetyStock: 3 });
    const result = await reserve(db.em(), {
      lines: [{ sku: 'SPLIT', quantity: 11 }],
      owner: 'split',
      idempotencyKey: key(),
      ttlSeconds: TTL,
    });
    expect(result.reservation!.lines.map((l) => [l.warehouseId, l.quantity]).sort()).toEqual(
      [
        [db.w1.id, 4],
        [db.w2.id, 7],
      ].sort(),
    );
    const more = await reserve(db.em(), { lines: [{ sku: 'SPLIT', quantity: 1 }], owner: 'split', idempotencyKey: key(), ttlSeconds: TTL });
    expect(more.shortLines).toEqual([{ sku: 'SPLIT', requested: 1, available: 0 }]);
    await expectConsistent('SPLIT');
  });

  it('holds once for the same idempotency key, sequentially or in parallel', async () => {
    await db.receive('IDEM', db.w1, 10);
    const request = { lines: [{ sku: 'IDEM', quantity: 3 }], owner: 'idem', idempotencyKey: key(), ttlSeconds: TTL };
    const first = await reserve(db.em(), request);
    const again = await reserve(db.em(), request);
    expect(again.reservation!.id).toBe(first.reservation!.id);
    expect(again.reservation!.lines.map((l) => l.quantity)).toEqual([3]);
    const parallelKey = key();
    const parallel = await Promise.all(Array.from({ length: 10 }, () => reserve(db.em(), { ...request, idempotencyKey: parallelKey })));
    expect(new Set(parallel.map((r) => r.reservation!.id)).size).toBe(1);
    expect(await totalReserved('IDEM')).toBe(6);
    await expectConsistent('IDEM');
  });

  it('refuses a reused key from another owner and invalid quantities', async () => {
    await db.receive('IDEM-2', db.w1, 10);
    const k = key();
    await reserve(db.em(), { lines: [{ sku: 'IDEM-2', quantity: 1 }], owner: 'one', idempotencyKey: k, ttlSeconds: TTL });
    const other = await reserve(db.em(), { lines: [{ sku: 'IDEM-2', quantity: 1 }], owner: 'two', idempotencyKey: k, ttlSeconds: TTL });
    expect(other.reservation).toBeNull();
    expect(other.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    const zero = await reserve(db.em(), { lines: [{ sku: 'IDEM-2', quantity: 0 }], owner: 'one', idempotencyKey: key(), ttlSeconds: TTL });
    expect(zero.userErrors.map((e) => e.code)).toEqual(['INVALID_QUANTITY']);
    expect(await totalReserved('IDEM-2')).toBe(1);
  });
});

describe('expiry', () => {
  it('releases a reservation past its TTL and makes the stock available again', async () => {
    await db.receive('TTL', db.w1, 2);
    const start = new Date();
    const result = await reserve(
      db.em(),
      { lines: [{ sku: 'TTL', quantity: 2 }], owner: 'ttl', idempotencyKey: key(), ttlSeconds: 60 },
      start,
    );
    const id = result.reservation!.id;
    expect(
      (await reserve(db.em(), { lines: [{ sku: 'TTL', quantity: 1 }], owner: 'x', idempotencyKey: key(), ttlSeconds: 60 })).reservation,
    ).toBeNull();

    expect(await expireDue(db.em(), new Date(start.getTime() + 59_000))).toBe(0);
    expect((await db.em().findOneOrFail(Reservation, { id })).status).toBe(ReservationStatus.ACTIVE);

    expect(await expireDue(db.em(), new Date(start.getTime() + 61_000))).toBeGreaterThanOrEqual(1);
    expect((await db.em().findOneOrFail(Reservation, { id })).status).toBe(ReservationStatus.EXPIRED);
    expect(await totalReserved('TTL')).toBe(0);
    await expectConsistent('TTL');
    expect(
      (await reserve(db.em(), { lines: [{ sku: 'TTL', quantity: 2 }], owner: 'y', idempotencyKey: key(), ttlSeconds: 60 })).reservation,
    ).not.toBeNull();
  });

  it('does not expire a reservation that was extended', async () => {
    await db.receive('EXT', db.w1, 1);
    const start = new Date();
    const { reservation } = await reserve(
      db.em(),
      { lines: [{ sku: 'EXT', quantity: 1 }], owner: 'ext', idempotencyKey: key(), ttlSeconds: 60 },
      start,
    );
    const extended = await extend(db.em(), reservation!.id, 600, start);
    expect(extended.reservation!.expiresAt.getTime()).toBe(start.getTime() + 600_000);
    const shorter = await extend(db.em(), reservation!.id, 10, start);
    expect(shorter.reservation!.expiresAt.getTime()).toBe(start.getTime() + 600_000);
    await expireDue(db.em(), new Date(start.getTime() + 120_000));
    expect((await db.em().findOneOrFail(Reservation, { id: reservation!.id })).status).toBe(ReservationStatus.ACTIVE);
    expect(await totalReserved('EXT')).toBe(1);
  });
});

describe('confirm and release', () => {
  it('confirms once: on hand and reserved drop together, repeats change nothing', async () => {
    await db.receive('CONF', db.w1, 5);
    const { reservation } = await reserve(db.em(), {
      lines: [{ sku: 'CONF', quantity: 3 }],
      owner: 'c',
      idempotencyKey: key(),
      ttlSeconds: TTL,
    });
    const results = await Promise.all([
      confirm(db.em(), reservation!.id),
      confirm(db.em(), reservation!.id),
      confirm(db.em(), reservation!.id),
    ]);
    for (const r of results) expect(r.reservation!.status).toBe(ReservationStatus.CONFIRMED);
    const [level] = await expectConsistent('CONF');
    expect(level).toMatchObject({ onHand: 2, reserved: 0 });
    const releaseAfter = await release(db.em(), reservation!.id);
    expect(releaseAfter.userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
    expect((await expectConsistent('CONF'))[0]).toMatchObject({ onHand: 2, reserved: 0 });
  });

  it('releases once: reserved drops, repeats change nothing, confirming afterwards is refused', async () => {
    await db.receive('REL', db.w1, 5);
    const { reservation } = await reserve(db.em(), {
      lines: [{ sku: 'REL', quantity: 4 }],
      owner: 'r',
      idempotencyKey: key(),
      ttlSeconds: TTL,
    });
    expect((await release(db.em(), reservation!.id)).reservation!.status).toBe(ReservationStatus.RELEASED);
    expect((await release(db.em(), reservation!.id)).reservation!.status).toBe(ReservationStatus.RELEASED);
    expect((await confirm(db.em(), reservation!.id)).userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
    expect((await extend(db.em(), reservation!.id, 60)).userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
    expect((await expectConsistent('REL'))[0]).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await release(db.em(), '00000000-0000-0000-0000-000000000000')).userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});

describe('database constraints', () => {
  it('refuses a level that reserves more than is on hand, whoever writes it', async () => {
    await db.receive('CHECK', db.w1, 2);
    await expect(db.em().nativeUpdate(StockLevel, { sku: 'CHECK' }, { reserved: 3 })).rejects.toThrow(
      /stock_level_reserved_within_on_hand/,
    );
  });
});

describe('adjustStock', () => {
  it('records receipts and refuses to remove reserved units', async () => {
    await db.receive('ADJ', db.w1, 5);
    await reserve(db.em(), { lines: [{ sku: 'ADJ', quantity: 3 }], owner: 'a', idempotencyKey: key(), ttlSeconds: TTL });
    const tooMuch = await adjustStock(db.em(), {
      sku: 'ADJ',
      warehouseId: db.w1.id,
      quantityDelta: -3,
      kind: StockMovementKind.ADJUSTMENT,
      reason: 'damaged',
    });
    expect(tooMuch.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    const ok = await adjustStock(db.em(), {
      sku: 'ADJ',
      warehouseId: db.w1.id,
      quantityDelta: -2,
      kind: StockMovementKind.ADJUSTMENT,
      reason: 'damaged',
    });
    expect(ok.level).toMatchObject({ onHand: 3, reserved: 3 });
    const negativeReceipt = await adjustStock(db.em(), {
      sku: 'ADJ',
      warehouseId: db.w1.id,
      quantityDelta: -1,
      kind: StockMovementKind.RECEIPT,
    });
    expect(negativeReceipt.userErrors.map((e) => e.code)).toEqual(['INVALID_QUANTITY']);
    await expectConsistent('ADJ');
  });
});
