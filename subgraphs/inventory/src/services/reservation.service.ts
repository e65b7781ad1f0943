import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import { newestFirstPage } from '@shopgraph/subgraph';
import { type RequestedLine, type ShortLine, allocate } from '../domain/allocation.js';
import { availableOf } from '../domain/availability.js';
import { Reservation, ReservationLine, ReservationStatus, StockMovementKind, Warehouse } from '../entities/index.js';
import { recordEvent } from '@shopgraph/events';
import { StockConfirmed, StockReleased, StockReserved } from '../events/inventory.events.js';
import { applyChange, lockLevels } from './stock-ledger.js';

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
  reservation: Reservation | null;
  shortLines: ShortLine[];
  userErrors: UserError[];
}

/** Outcome of a call on an existing reservation. */
export interface ReservationResult {
  reservation: Reservation | null;
  userErrors: UserError[];
}

const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;

function validate(request: ReserveRequest): UserError[] {
  const errors: UserError[] = [];
  if (!request.owner.trim()) errors.push(userError(UserErrorCode.INVALID_INPUT, 'owner must not be empty', ['input', 'owner']));
  if (!request.idempotencyKey.trim()) errors.push(userError(UserErrorCode.INVALID_INPUT, 'idempotencyKey must not be empty', ['input', 'idempotencyKey']));
  if (!isPositiveInt(request.ttlSeconds)) errors.push(userError(UserErrorCode.INVALID_INPUT, 'ttlSeconds must be a positive integer', ['input', 'ttlSeconds']));
  if (request.lines.length === 0) errors.push(userError(UserErrorCode.INVALID_INPUT, 'at least one line is required', ['input', 'lines']));
  request.lines.forEach((line, i) => {
    if (!isPositiveInt(line.quantity)) errors.push(userError(UserErrorCode.INVALID_QUANTITY, 'quantity must be a positive integer', ['input', 'lines', String(i), 'quantity']));
  });
  return errors;
}

async function withLines(tx: EntityManager, reservation: Reservation): Promise<Reservation> {
  await tx.populate(reservation, ['lines'], { refresh: true });
  return reservation;
}

/**
 * Holds stock for every line in one transaction, or holds nothing and returns the short lines.
 * The idempotency key is serialised with an advisory lock, then the stock levels are locked in a
 * fixed order, allocated by warehouse priority, and each hold is written as a movement.
 */
export async function reserve(em: EntityManager, request: ReserveRequest, now = new Date()): Promise<ReserveResult> {
  const invalid = validate(request);
  if (invalid.length) return { reservation: null, shortLines: [], userErrors: invalid };
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`reservation:${request.idempotencyKey}`]);
    const existing = await tx.findOne(Reservation, { idempotencyKey: request.idempotencyKey });
    if (existing) {
      if (existing.owner !== request.owner) {
        return { reservation: null, shortLines: [], userErrors: [userError(UserErrorCode.INVALID_INPUT, 'idempotencyKey was used by another owner', ['input', 'idempotencyKey'])] };
      }
      return { reservation: await withLines(tx, existing), shortLines: [], userErrors: [] };
    }

    const levels = await lockLevels(tx, request.lines.map((l) => l.sku));
    const rank = new Map((await tx.find(Warehouse, { active: true }, { orderBy: { priority: 'asc', code: 'asc' } })).map((w, i) => [w.id, i]));
    const byPriority = levels.filter((l) => rank.has(l.warehouse.id)).sort((a, b) => rank.get(a.warehouse.id)! - rank.get(b.warehouse.id)!);
    const result = allocate(request.lines, byPriority.map((l) => ({ sku: l.sku, warehouseId: l.warehouse.id, available: availableOf(l) })));
    if (!result.ok) {
      return {
        reservation: null,
        shortLines: result.shortLines,
        userErrors: result.shortLines.map((s) =>
          userError(s.available === 0 ? UserErrorCode.OUT_OF_STOCK : UserErrorCode.INSUFFICIENT_STOCK, `Only ${s.available} of ${s.sku} available, ${s.requested} requested`, ['input', 'lines', s.sku]),
        ),
      };
    }

    const reservation = tx.create(Reservation, {
      owner: request.owner,
      idempotencyKey: request.idempotencyKey,
      expiresAt: new Date(now.getTime() + request.ttlSeconds * 1000),
    });
    for (const allocation of result.allocations) {
      const level = byPriority.find((l) => l.sku === allocation.sku && l.warehouse.id === allocation.warehouseId)!;
      await applyChange(tx, level, { kind: StockMovementKind.RESERVATION, reservedDelta: allocation.quantity, reservationId: reservation.id });
      tx.create(ReservationLine, { reservation, sku: allocation.sku, warehouse: level.warehouse, quantity: allocation.quantity });
    }
    await recordEvent(tx, StockReserved, {
      aggregateId: reservation.id,
      payload: { reservationId: reservation.id, owner: reservation.owner, expiresAt: reservation.expiresAt.toISOString(), lines: result.allocations.map((a) => ({ sku: a.sku, warehouseId: a.warehouseId, quantity: a.quantity })) },
    });
    return { reservation, shortLines: [], userErrors: [] };
  });
}

const notFound = (): ReservationResult => ({ reservation: null, userErrors: [userError(UserErrorCode.NOT_FOUND, 'No such reservation', ['input', 'reservationId'])] });
const notActive = (r: Reservation): ReservationResult => ({
  reservation: null,
  userErrors: [userError(UserErrorCode.INVALID_STATUS_TRANSITION, `The reservation is ${r.status}`, ['input', 'reservationId'])],
});

/** Keeps an active reservation until at least `seconds` from now; never shortens it. */
export async function extend(em: EntityManager, id: string, seconds: number, now = new Date()): Promise<ReservationResult> {
  if (!isPositiveInt(seconds)) return { reservation: null, userErrors: [userError(UserErrorCode.INVALID_INPUT, 'seconds must be a positive integer', ['input', 'seconds'])] };
  return em.transactional(async (tx) => {
    const reservation = await tx.findOne(Reservation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!reservation) return notFound();
    if (reservation.status !== ReservationStatus.ACTIVE) return notActive(reservation);
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
 * Moves an active reservation to `to` and gives back (or ships) its held units. Repeating the
 * same settlement returns the reservation unchanged; a different one after settling is refused.
 */
async function settle(em: EntityManager, id: string, to: Settlement, now: Date): Promise<ReservationResult> {
  return em.transactional(async (tx) => {
    const reservation = await tx.findOne(Reservation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!reservation) return notFound();
    if (reservation.status === to) return { reservation: await withLines(tx, reservation), userErrors: [] };
    if (reservation.status !== ReservationStatus.ACTIVE) return notActive(reservation);
    if (to === ReservationStatus.EXPIRED && reservation.expiresAt > now) return notActive(reservation);
    await withLines(tx, reservation);
    const lines = reservation.lines.getItems();
    const levels = await lockLevels(tx, lines.map((l) => l.sku), lines.map((l) => l.warehouse.id));
    const how = SETTLEMENTS[to];
    for (const line of lines) {
      const level = levels.find((l) => l.sku === line.sku && l.warehouse.id === line.warehouse.id)!;
      await applyChange(tx, level, { kind: how.kind, onHandDelta: how.onHand * line.quantity, reservedDelta: -line.quantity, reason: how.reason, reservationId: reservation.id });
    }
    reservation.status = to;
    const payload = { reservationId: reservation.id, owner: reservation.owner, lines: lines.map((l) => ({ sku: l.sku, warehouseId: l.warehouse.id, quantity: l.quantity })) };
    if (to === ReservationStatus.CONFIRMED) await recordEvent(tx, StockConfirmed, { aggregateId: reservation.id, payload });
    else await recordEvent(tx, StockReleased, { aggregateId: reservation.id, payload: { ...payload, reason: to === ReservationStatus.EXPIRED ? 'expired' : 'released' } });
    return { reservation, userErrors: [] };
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
  const due = await em.fork().find(Reservation, { status: ReservationStatus.ACTIVE, expiresAt: { $lte: now } }, { fields: ['id'], orderBy: { expiresAt: 'asc' }, limit: batchSize });
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
  return { ...page, items: page.items.map(({ cursor, row }) => ({ cursor, reservation: row })) };
}
