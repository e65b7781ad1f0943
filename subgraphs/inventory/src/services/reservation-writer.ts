import type pg from 'pg';
import { currentRequestId } from '@shopgraph/observability';
import { type NewReservation, type WriteOutcome, writeReservations } from './reservation-store.js';

/**
 * Micro-batching of reservation writes. Each pool has at most one batch in flight: a reservation
 * that comes while one is written waits for it and goes out with the others that came meanwhile, in
 * one statement and one commit (with no load, a batch is one reservation and waits for nothing).
 * A batch is all or nothing, but for reservations whose idempotency key is taken (see
 * `writeReservations`); when it cannot be written whole — its reservations together take more than
 * a level has, stock moved since it was read, or any error — each of its reservations is written
 * alone, so each gets exactly the outcome (or error) it would have had on its own.
 */

/** The most reservations one statement writes. */
export const MAX_BATCH = 64;

interface Pending {
  reservation: NewReservation;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  pending: Pending[];
  busy: boolean;
}

const queues = new WeakMap<pg.Pool, Queue>();

/** Writes one reservation, in a batch with those written concurrently through the same pool. */
export function writeBatched(pool: pg.Pool, reservation: NewReservation): Promise<WriteOutcome> {
  let queue = queues.get(pool);
  if (!queue) queues.set(pool, (queue = { pending: [], busy: false }));
  const written = new Promise<WriteOutcome>((resolve, reject) =>
    queue.pending.push({ reservation: { ...reservation, requestId: reservation.requestId === undefined ? (currentRequestId() ?? null) : reservation.requestId }, resolve, reject }),
  );
  if (!queue.busy) void drain(pool, queue);
  return written;
}

async function drain(pool: pg.Pool, queue: Queue): Promise<void> {
  queue.busy = true;
  try {
    while (queue.pending.length > 0) await writeBatch(pool, queue.pending.splice(0, MAX_BATCH));
  } finally {
    queue.busy = false;
  }
}

async function writeBatch(pool: pg.Pool, batch: Pending[]): Promise<void> {
  if (batch.length > 1) {
    // A batch that failed wrote nothing: alone, each reservation meets its own verdict or error.
    const outcomes = await writeReservations(pool, batch.map((p) => p.reservation)).catch(() => null);
    if (outcomes && !outcomes.includes('moved')) {
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
      return;
    }
  }
  await Promise.all(
    batch.map(async (p) => {
      try {
        p.resolve((await writeReservations(pool, [p.reservation]))[0]!);
      } catch (error) {
        p.reject(error);
      }
    }),
  );
}
