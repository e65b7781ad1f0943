import type { PoolSql } from '@shopgraph/db';
import { currentRequestId } from '@shopgraph/observability';
import { type NewReservation, type ReserveRead, type WriteOutcome, readForReserve, writeReservations } from './reservation-store.js';

/**
 * Micro-batching of the reservation hot path's statements. For each pool and kind of statement at
 * most one batch is in flight: a call that comes while one runs waits for it and goes out with the
 * others that came meanwhile, in one statement (with no load, a batch is one call and waits for
 * nothing). Under load this trades a little waiting for far fewer statements, commits and round
 * trips per reservation.
 */

type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Pending<I, O> {
  item: I;
  settle: (result: Settled<O>) => void;
}

/** The most calls one statement serves. */
export const MAX_BATCH = 64;

/** Queues items and runs `flush` on them a batch at a time; `flush` settles each item on its own. */
class Batcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private busy = false;

  constructor(private readonly flush: (items: I[]) => Promise<Settled<O>[]>) {}

  run(item: I): Promise<O> {
    const result = new Promise<O>((resolve, reject) =>
      this.pending.push({ item, settle: (r) => (r.ok ? resolve(r.value) : reject(r.error)) }),
    );
    if (!this.busy) void this.drain();
    return result;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        const results = await this.flush(batch.map((p) => p.item)).catch((error: unknown) =>
          batch.map((): Settled<O> => ({ ok: false, error })),
        );
        batch.forEach((p, i) => p.settle(results[i]!));
      }
    } finally {
      this.busy = false;
    }
  }
}

/** Per pool, so tests with databases of their own never share a batch. */
function perPool<I, O>(flush: (sql: PoolSql, items: I[]) => Promise<Settled<O>[]>): (sql: PoolSql, item: I) => Promise<O> {
  const batchers = new WeakMap<PoolSql['target'], Batcher<I, O>>();
  return (sql, item) => {
    let batcher = batchers.get(sql.target);
    if (!batcher) batchers.set(sql.target, (batcher = new Batcher((items) => flush(sql, items))));
    return batcher.run(item);
  };
}

const settled = async <O>(work: Promise<O>): Promise<Settled<O>> =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const readBatch = perPool(async (sql: PoolSql, reads: { idempotencyKey: string; skus: readonly string[] }[]) =>
  (await readForReserve(sql, reads)).map((value): Settled<ReserveRead> => ({ ok: true, value })),
);

/** Reads what a reserve call needs (see `readForReserve`), in a batch with concurrent calls through the same pool. */
export function readBatched(sql: PoolSql, idempotencyKey: string, skus: readonly string[]): Promise<ReserveRead> {
  return readBatch(sql, { idempotencyKey, skus });
}

/**
 * A batch of writes is all or nothing, but for reservations whose idempotency key is taken (see
 * `writeReservations`). When it cannot be written whole — its reservations together take more than
 * a level has, stock moved since it was read, or any error — each of its reservations is written
 * alone, so each gets exactly the outcome (or error) it would have had on its own.
 */
const writeBatch = perPool(async (sql: PoolSql, reservations: NewReservation[]) => {
  if (reservations.length > 1) {
    const outcomes = await writeReservations(sql, reservations).catch(() => null);
    if (outcomes && !outcomes.includes('moved')) return outcomes.map((value): Settled<WriteOutcome> => ({ ok: true, value }));
  }
  return Promise.all(reservations.map(async (r) => settled(writeReservations(sql, [r]).then(([outcome]) => outcome!))));
});

/** Writes one reservation, in a batch with those written concurrently through the same pool. */
export function writeBatched(sql: PoolSql, reservation: NewReservation): Promise<WriteOutcome> {
  // The batch runs in the context of whichever call started it: each reservation keeps its own request id.
  return writeBatch(sql, {
    ...reservation,
    requestId: reservation.requestId === undefined ? (currentRequestId() ?? null) : reservation.requestId,
  });
}
