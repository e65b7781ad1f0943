import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxChannel } from '@shopgraph/events';
import { currentRequestId } from '@shopgraph/observability';
import type { Allocation, WarehouseStock } from '../domain/allocation.js';
import { ReservationStatus } from '../entities/index.js';
import { LowStockAlert, StockLevelChanged, StockReserved } from '../events/inventory.events.js';

/**
 * SQL of the reservation hot path (the ORM stays on every other path). A reserve call reads stock without locks, allocates in the domain, then writes everything in one statement
 * that locks the chosen levels in (sku, warehouse) order — the order every other stock writer uses —
 * and only writes if each still has the units: no lock is held across a round trip.
 */

/** A reservation line as callers see it. */
export interface ReservationLineView {
  sku: string;
  warehouseId: string;
  quantity: number;
}

/** A reservation with its lines, as returned by the service. */
export interface ReservationView {
  id: string;
  owner: string;
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  /** Ordered by SKU, then warehouse id. */
  lines: ReservationLineView[];
}

/** Stock of one level that can be allocated, with what orders it. */
export interface LevelStock extends WarehouseStock {
  levelId: string;
  priority: number;
  code: string;
}

type LevelRow = { id: string; sku: string; warehouse_id: string; available: number; priority: number; code: string };

const toLevelStock = (r: LevelRow): LevelStock => ({ levelId: r.id, sku: r.sku, warehouseId: r.warehouse_id, available: Number(r.available), priority: r.priority, code: r.code });

/** Orders levels for allocation: active warehouses by priority, then code. */
export function byPriority(levels: LevelStock[]): LevelStock[] {
  return [...levels].sort((a, b) => a.priority - b.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

const LEVELS_OF_SKUS = `
  select l.id, l.sku, l.warehouse_id, greatest(0, l.on_hand - l.reserved - l.safety_stock) as available, w.priority, w.code
  from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
  where w.active and l.sku in (select jsonb_array_elements_text(?::jsonb))`;

/**
 * One round trip without locks: the id of the reservation already made with `idempotencyKey`, if
 * any, and the stock of `skus` in active warehouses.
 */
export async function readForReserve(em: EntityManager, idempotencyKey: string, skus: readonly string[]): Promise<{ existingId: string | null; levels: LevelStock[] }> {
  const [row] = await em.execute<{ existing: string | null; levels: LevelRow[] }[]>(
    `select (select id from "inventory"."reservation" where idempotency_key = ?) as existing,
       coalesce((select json_agg(s) from (${LEVELS_OF_SKUS}) s), '[]'::json) as levels`,
    [idempotencyKey, JSON.stringify([...new Set(skus)])],
  );
  return { existingId: row!.existing, levels: row!.levels.map(toLevelStock) };
}

/** The stock of `skus`, locked with FOR UPDATE in (sku, warehouse) order (inside a transaction). */
export async function lockForReserve(tx: EntityManager, skus: readonly string[]): Promise<LevelStock[]> {
  const rows = await tx.execute<LevelRow[]>(`${LEVELS_OF_SKUS} order by l.sku, l.warehouse_id for update of l`, [JSON.stringify([...new Set(skus)])]);
  return rows.map(toLevelStock);
}

/** A new reservation to write. */
export interface NewReservation {
  id: string;
  owner: string;
  idempotencyKey: string;
  expiresAt: Date;
  createdAt: Date;
  allocations: readonly (Allocation & { levelId: string })[];
}

/**
 * Writes a reservation in one statement, or nothing: locks the allocated levels in (sku, warehouse)
 * order, checks that each is in an active warehouse and still has the allocated units, and only then
 * raises `reserved`, writes the movements, the reservation and its lines, the StockLevelChanged /
 * LowStockAlert / StockReserved outbox rows and the NOTIFY that wakes the relay. Returns false when
 * stock moved since it was read (nothing written). A concurrent call with the same idempotency key
 * fails on the key's unique index once the first one commits.
 */
export async function writeReservation(em: EntityManager, r: NewReservation): Promise<boolean> {
  const lines = [...r.allocations].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseId < b.warehouseId ? -1 : 1));
  const [row] = await em.execute<{ ok: boolean }[]>(
    `with wanted as (
       select * from jsonb_to_recordset(?::jsonb) as a(level_id uuid, quantity int)
     ), locked as (
       select l.id, l.on_hand, l.reserved, l.safety_stock, w.active
       from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
       where l.id in (select level_id from wanted)
       order by l.sku, l.warehouse_id
       for update of l
     ), verdict as (
       select count(*) = (select count(*) from wanted) and coalesce(bool_and(k.active and k.on_hand - k.reserved - k.safety_stock >= a.quantity), false) as ok
       from locked k join wanted a on a.level_id = k.id
     ), held as (
       insert into "inventory"."reservation" (id, owner, idempotency_key, status, expires_at, created_at, updated_at)
       select ?::uuid, ?::text, ?::text, ?::"inventory"."reservation_status", ?::timestamptz, ?::timestamptz, ?::timestamptz from verdict where ok
       returning id
     ), upd as (
       update "inventory"."stock_level" s set reserved = s.reserved + a.quantity, updated_at = now()
       from wanted a, verdict v
       where v.ok and s.id = a.level_id
       returning s.sku, s.warehouse_id, s.on_hand, s.reserved, s.safety_stock, s.low_stock_threshold, a.quantity,
         greatest(0, s.on_hand - s.reserved - s.safety_stock) as after,
         greatest(0, s.on_hand - s.reserved + a.quantity - s.safety_stock) as before
     ), movements as (
       insert into "inventory"."stock_movement" (id, sku, warehouse_id, kind, on_hand_delta, reserved_delta, reservation_id, created_at)
       select gen_random_uuid(), u.sku, u.warehouse_id, 'RESERVATION', 0, u.quantity, h.id, now() from upd u cross join held h
       returning 1
     ), reservation_lines as (
       insert into "inventory"."reservation_line" (id, reservation_id, sku, warehouse_id, quantity)
       select gen_random_uuid(), h.id, u.sku, u.warehouse_id, u.quantity from upd u cross join held h
       returning 1
     ), events as (
       insert into "inventory"."outbox" (id, name, version, producer, aggregate_id, payload, request_id, occurred_at)
       select gen_random_uuid(), e.name, e.version, 'inventory', e.aggregate_id, e.payload, ?::text, clock_timestamp()
       from (
         select ?::text as name, ?::int as version, u.sku || '@' || u.warehouse_id as aggregate_id,
           jsonb_build_object('sku', u.sku, 'warehouseId', u.warehouse_id, 'onHand', u.on_hand, 'reserved', u.reserved, 'available', u.after) as payload
         from upd u
         union all
         select ?::text, ?::int, u.sku || '@' || u.warehouse_id,
           jsonb_build_object('sku', u.sku, 'warehouseId', u.warehouse_id, 'available', u.after, 'threshold', u.low_stock_threshold)
         from upd u where u.before >= u.low_stock_threshold and u.after < u.low_stock_threshold
         union all
         select ?::text, ?::int, h.id::text,
           jsonb_build_object('reservationId', h.id, 'owner', ?::text, 'expiresAt', ?::text, 'lines', ?::jsonb)
         from held h
       ) e
       returning 1
     ), woken as (
       select pg_notify(?::text, '') from verdict where ok
     )
     select v.ok, (select count(*) from movements) + (select count(*) from reservation_lines) + (select count(*) from events) + (select count(*) from woken) as written
     from verdict v`,
    [
      JSON.stringify(lines.map((a) => ({ level_id: a.levelId, quantity: a.quantity }))),
      r.id,
      r.owner,
      r.idempotencyKey,
      ReservationStatus.ACTIVE,
      r.expiresAt.toISOString(),
      r.createdAt.toISOString(),
      r.createdAt.toISOString(),
      currentRequestId() ?? null,
      StockLevelChanged.name,
      StockLevelChanged.version,
      LowStockAlert.name,
      LowStockAlert.version,
      StockReserved.name,
      StockReserved.version,
      r.owner,
      r.expiresAt.toISOString(),
      JSON.stringify(lines.map((a) => ({ sku: a.sku, warehouseId: a.warehouseId, quantity: a.quantity }))),
      outboxChannel('inventory'),
    ],
  );
  return row!.ok;
}

type ReservationRow = { id: string; owner: string; status: ReservationStatus; expires_at: Date | string; created_at: Date | string; lines: ReservationLineView[] };

/** The reservation made with `idempotencyKey`, with its lines, in one query. */
export async function reservationByKey(em: EntityManager, idempotencyKey: string): Promise<ReservationView | null> {
  const [row] = await em.execute<ReservationRow[]>(
    `select r.id, r.owner, r.status, r.expires_at, r.created_at,
       coalesce((select json_agg(json_build_object('sku', l.sku, 'warehouseId', l.warehouse_id, 'quantity', l.quantity) order by l.sku, l.warehouse_id)
                 from "inventory"."reservation_line" l where l.reservation_id = r.id), '[]'::json) as lines
     from "inventory"."reservation" r where r.idempotency_key = ?`,
    [idempotencyKey],
  );
  return row ? { id: row.id, owner: row.owner, status: row.status, expiresAt: new Date(row.expires_at), createdAt: new Date(row.created_at), lines: row.lines } : null;
}
