import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { PreparedSql } from '@shopgraph/db';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import { newestFirstPage } from '@shopgraph/subgraph';
import { type RequestedLine, type ShortLine, allocate } from '../domain/allocation.js';
import { RESERVATION_MACHINE } from '../domain/reservation-status.js';
import { Reservation, ReservationStatus, StockMovementKind } from '../entities/index.js';
import { recordEvent } from '@shopgraph/events';
import { StockConfirmed, StockReleased } from '../events/inventory.events.js';
import {
  type LevelStock,
  type ReservationView,
  type Sql,
  byPriority,
  byLevel,
  lockForReserve,
  reservationByKey,
  wakeRelay,
  writeReservations,
} from './reservation-store.js';
import { readBatched, writeBatched } from './reservation-batches.js';
import { applyChange, lockLevels } from './stock-ledger.js';

export type { ReservationLineView, ReservationView } from './reservation-store.js';

/** What a reserve call asks for. */
export interface ReserveRequest {
  lines: RequestedLine[];
  /** Who holds the stock, e.g. a checkout session id. */
  owner: string;
  /** Repeating a call with the same key returns the first call's reservation. */
  idempotencyKey: string;
  ttlSeconds: number;
}

/** Outcome of a reserve call: a reservation, or the short lines and nothing held. */
export interface ReserveResult {
  reservation: ReservationView | null;
  shortLines: ShortLine[];
  userErrors: UserError[];
}

/** Outcome of a call on an existing reservation. */
export interface ReservationResult {
  reservation: ReservationView | null;
  userErrors: UserError[];
}

const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;

function validate(request: ReserveRequest): UserError[] {
  const errors: UserError[] = [];
  if (!request.owner.trim()) errors.push(userError(UserErrorCode.INVALID_INPUT, 'owner must not be empty', ['input', 'owner']));
  if (!request.idempotencyKey.trim())
    errors.push(userError(UserErrorCode.INVALID_INPUT, 'idempotencyKey must not be empty', ['input', 'idempotencyKey']));
  if (!isPositiveInt(request.ttlSeconds))
    errors.push(userError(UserErrorCode.INVALID_INPUT, 'ttlSeconds must be a positive integer', ['input', 'ttlSeconds']));
  if (request.lines.length === 0) errors.push(userError(UserErrorCode.INVALID_INPUT, 'at least one line is required', ['input', 'lines']));
  request.lines.forEach((line, i) => {
    if (!isPositiveInt(line.quantity))
      errors.push(
        userError(UserErrorCode.INVALID_QUANTITY, 'quantity must be a positive integer', ['input', 'lines', String(i), 'quantity']),
      );
  });
  return errors;
}

async function withLines(tx: EntityManager, reservation: Reservation): Promise<ReservationView> {
  await tx.populate(reservation, ['lines'], { refresh: true });
  return viewOf(reservation);
}

/** A reservation entity, with its lines loaded, as a plain view. */
export function viewOf(r: Reservation): ReservationView {
  return {
    id: r.id,
    owner: r.owner,
    status: r.status,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    lines: r.lines.getItems().map((l) => ({ sku: l.sku, warehouseId: l.warehouse.id, quantity: l.quantity })),
  };
}

/** How a reserve call runs. */
export interface ReserveOptions {
  /** Optimistic attempts (read, allocate, conditional write) before reserving under row locks. */
  optimisticAttempts?: number;
}

const shortResult = (shortLines: ShortLine[]): ReserveResult => ({
  reservation: null,
  shortLines,
  userErrors: shortLines.map((s) =>
    userError(
      s.available === 0 ? UserErrorCode.OUT_OF_STOCK : UserErrorCode.INSUFFICIENT_STOCK,
      `Only ${s.available} of ${s.sku} available, ${s.requested} requested`,
      ['input', 'lines', s.sku],
    ),
  ),
});

const otherOwner = (): ReserveResult => ({
  reservation: null,
  shortLines: [],
  userErrors: [userError(UserErrorCode.INVALID_INPUT, 'idempotencyKey was used by another owner', ['input', 'idempotencyKey'])],
});

/**
 * Holds stock for every line, or holds nothing and returns the short lines. The hot path takes no
 * lock across a round trip: it reads the stock, allocates by warehouse priority (domain), and writes
 * the whole reservation in one statement that re-checks each allocated level under its row lock and
 * writes nothing if stock moved meanwhile (then it reads again). After a few such misses it reserves
 * in a transaction that locks the levels first, so a busy SKU cannot starve a caller. Optimistic
 * reads and writes of concurrent calls share statements (see reservation-batches.ts). The key's
 * unique index makes concurrent calls with the same idempotency key hold stock once.
 */
export async function reserve(
  em: EntityManager,
  request: ReserveRequest,
  now = new Date(),
  { optimisticAttempts = 3 }: ReserveOptions = {},
): Promise<ReserveResult> {
  const invalid = validate(request);
  if (invalid.length) return { reservation: null, shortLines: [], userErrors: invalid };
  const skus = request.lines.map((l) => l.sku);
  const pool = await PreparedSql.of(em);
  const attempt = async (levels: LevelStock[], sql: Sql): Promise<ReserveResult | 'moved' | 'used'> => {
    const stock = byPriority(levels);
    const result = allocate(request.lines, stock);
    if (!result.ok) return shortResult(result.shortLines);
    const levelOf = new Map(stock.map((l) => [`${l.sku}\u0000${l.warehouseId}`, l.levelId]));
    const reservation: ReservationView = {
      id: randomUUID(),
      owner: request.owner,
      status: ReservationStatus.ACTIVE,
      expiresAt: new Date(now.getTime() + request.ttlSeconds * 1000),
      createdAt: new Date(),
      lines: result.allocations.map((a) => ({ sku: a.sku, warehouseId: a.warehouseId, quantity: a.quantity })).sort(byLevel),
    };
    const allocations = result.allocations.map((a) => ({ ...a, levelId: levelOf.get(`${a.sku}\u0000${a.warehouseId}`)! }));
    const row = { ...reservation, idempotencyKey: request.idempotencyKey, allocations };
    // Optimistic writes share statements with concurrent ones; under row locks the transaction's own client writes.
    const written = sql === pool ? await writeBatched(pool, row) : (await writeReservations(sql, [row]))[0]!;
    return written === 'written' ? { reservation, shortLines: [], userErrors: [] } : written === 'taken' ? 'used' : 'moved';
  };
  const reserved = async (): Promise<ReserveResult | 'used'> => {
    for (let i = 0; i < optimisticAttempts; i++) {
      const read = await readBatched(pool, request.idempotencyKey, skus);
      if (read.existingId) return 'used';
      const outcome = await attempt(read.levels, pool);
      if (outcome !== 'moved') return outcome;
    }
    return pool.transaction(async (client) => {
      const outcome = await attempt(await lockForReserve(client, skus), client);
      if (outcome === 'moved') throw new Error('Locked stock moved during a reservation');
      return outcome;
    });
  };
  const outcome = await reserved();
  if (outcome !== 'used') {
    if (outcome.reservation) wakeRelay(pool);
    return outcome;
  }
  // The key was used before (or by a concurrent call that committed first).
  const existing = await reservationByKey(pool, request.idempotencyKey);
  if (!existing) throw new Error(`Reservation with idempotency key ${request.idempotencyKey} vanished`);
  return existing.owner === request.owner ? { reservation: existing, shortLines: [], userErrors: [] } : otherOwner();
}

const notFound = (): ReservationResult => ({
  reservation: null,
  userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such reservation', ['input', 'reservationId'])],
});
const refused = (reason: string): ReservationResult => ({
  reservation: null,
  userErrors: [userError(UserErrorCode.INVALID_STATUS_TRANSITION, reason, ['input', 'reservationId'])],
});

/** Keeps an active reservation until at least `seconds` from now; never shortens it. */
export async function extend(em: EntityManager, id: string, seconds: number, now = new Date()): Promise<ReservationResult> {
  if (!isPositiveInt(seconds))
    return {
      reservation: null,
      userErrors: [userError(UserErrorCode.INVALID_INPUT, 'seconds must be a positive integer', ['input', 'seconds'])],
    };
  return em.transactional(async (tx) => {
    const reservation = await tx.findOne(Reservation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!reservation) return notFound();
    if (reservation.status !== ReservationStatus.ACTIVE) return refused(`The reservation is ${reservation.status}`);
    const wanted = new Date(now.getTime() + seconds * 1000);
    if (wanted > reservation.expiresAt) reservation.expiresAt = wanted;
    return { reservation: await withLines(tx, reservation), userErrors: [] };
  });
}

/** How each way out of ACTIVE changes the held stock. */
const SETTLEMENTS = {
  [ReservationStatus.CONFIRMED]: { kind: StockMovementKind.CONFIRMATION, onHand: -1, reason: 'confirmed' },
  [ReservationStatus.RELEASED]: { kind: StockMovementKind.RELEASE, onHand: 0, reason: 'released' },
  [ReservationStatus.EXPIRED]: { kind: StockMovementKind.RELEASE, onHand: 0, reason: 'expired' },
} as const;

type Settlement = keyof typeof SETTLEMENTS;

/**
 * Moves an active reservation to `to`, as RESERVATION_MACHINE allows, and gives back (or ships)
 * its held units. Repeating the same settlement returns the reservation unchanged; a different one
 * after settling is refused.
 */
async function settle(em: EntityManager, id: string, to: Settlement, now: Date): Promise<ReservationResult> {
  return em.transactional(async (tx) => {
    const reservation = await tx.findOne(Reservation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!reservation) return notFound();
    if (reservation.status === to) return { reservation: await withLines(tx, reservation), userErrors: [] };
    const refusal = RESERVATION_MACHINE.refusal(reservation.status, to, undefined, { expiresAt: reservation.expiresAt, now });
    if (refusal) return refused(refusal);
    await withLines(tx, reservation);
    const lines = reservation.lines.getItems();
    const levels = await lockLevels(
      tx,
      lines.map((l) => l.sku),
      lines.map((l) => l.warehouse.id),
    );
    const how = SETTLEMENTS[to];
    for (const line of lines) {
      const level = levels.find((l) => l.sku === line.sku && l.warehouse.id === line.warehouse.id)!;
      await applyChange(tx, level, {
        kind: how.kind,
        onHandDelta: how.onHand * line.quantity,
        reservedDelta: -line.quantity,
        reason: how.reason,
        reservationId: reservation.id,
      });
    }
    reservation.status = to;
    const payload = {
      reservationId: reservation.id,
      owner: reservation.owner,
      lines: lines.map((l) => ({ sku: l.sku, warehouseId: l.warehouse.id, quantity: l.quantity })),
    };
    if (to === ReservationStatus.CONFIRMED) await recordEvent(tx, StockConfirmed, { aggregateId: reservation.id, payload });
    else
      await recordEvent(tx, StockReleased, {
        aggregateId: reservation.id,
        payload: { ...payload, reason: to === ReservationStatus.EXPIRED ? 'expired' : 'released' },
      });
    return { reservation: viewOf(reservation), userErrors: [] };
  });
}

/** Ships the held units: on hand and reserved both drop. Idempotent. */
export function confirm(em: EntityManager, id: string, now = new Date()): Promise<ReservationResult> {
  return settle(em, id, ReservationStatus.CONFIRMED, now);
}

/** Gives the held units back. Idempotent. */
export function release(em: EntityManager, id: string, now = new Date()): Promise<ReservationResult> {
  return settle(em, id, ReservationStatus.RELEASED, now);
}

/** Expires active reservations past their time, a batch at a time; returns how many expired. */
export async function expireDue(em: EntityManager, now = new Date(), batchSize = 100): Promise<number> {
  const due = await em
    .fork()
    .find(
      Reservation,
      { status: ReservationStatus.ACTIVE, expiresAt: { $lte: now } },
      { fields: ['id'], orderBy: { expiresAt: 'asc' }, limit: batchSize },
    );
  let expired = 0;
  for (const { id } of due) {
    const result = await settle(em.fork(), id, ReservationStatus.EXPIRED, now);
    if (result.reservation) expired++;
  }
  return expired;
}

/** Reservations newest first with their lines, optionally of one status, keyset-paginated. */
export async function listReservations(em: EntityManager, first: number, after?: string, status?: ReservationStatus) {
  const page = await newestFirstPage(em, Reservation, status ? { status } : {}, first, after, ['lines']);
  return { ...page, items: page.items.map(({ cursor, row }) => ({ cursor, reservation: viewOf(row) })) };
}
