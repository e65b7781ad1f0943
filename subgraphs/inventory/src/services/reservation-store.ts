import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { outboxChannel } from '@shopgraph/events';
import { currentRequestId } from '@shopgraph/observability';
import type { Allocation, WarehouseStock } from '../domain/allocation.js';
import { ReservationStatus } from '../entities/index.js';
import { LowStockAlert, StockLevelChanged, StockReserved } from '../events/inventory.events.js';

/**
 * SQL of the reservation hot path (the ORM stays on every other path). Statements go straight to the
 * ORM's `pg` pool as named prepared statements, so PostgreSQL plans each once per connection. A
 * reserve call reads stock without locks, allocates in the domain, then writes everything in one
 * statement that locks the chosen levels in (sku, warehouse) order — the order every other stock writer uses —
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

/** Where hot-path statements run: the pool (each statement its own transaction) or a client in a transaction. */
export type Sql = pg.Pool | pg.PoolClient;

/** The `pg` pool behind an EntityManager. */
export function poolOf(em: EntityManager): Promise<pg.Pool> {
  return (em.getConnection() as PostgreSqlConnection).getNativeClient();
}

async function run<R extends pg.QueryResultRow>(sql: Sql, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await sql.query<R>({ name: `inventory.${name}`, text, values })).rows;
}

/** Runs `fn` in a transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Whether `error` is PostgreSQL's unique_violation. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';

type LevelRow = { id: string; sku: string; warehouse_id: string; available: number; priority: number; code: string };

const toLevelStock = (r: LevelRow): LevelStock => ({ levelId: r.id, sku: r.sku, warehouseId: r.warehouse_id, available: Number(r.available), priority: r.priority, code: r.code });

/** Orders levels for allocation: active warehouses by priority, then code. */
export function byPriority(levels: LevelStock[]): LevelStock[] {
  return [...levels].sort((a, b) => a.priority - b.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Levels of the SKUs in the text array parameter `$n`, in active warehouses. `= any($n)` (not a set
 * returning function over JSON, which the planner guesses at 100 rows) lets the generic plan of the
 * prepared statement probe the SKU index instead of scanning every level.
 */
const levelsOfSkus = (n: number) => `
  select l.id, l.sku, l.warehouse_id, greatest(0, l.on_hand - l.reserved - l.safety_stock) as available, w.priority, w.code
  from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
  where w.active and l.sku = any($${n}::text[])`;

const READ_FOR_RESERVE = `select (select id from "inventory"."reservation" where idempotency_key = $1) as existing,
  coalesce((select json_agg(s) from (${levelsOfSkus(2)}) s), '[]'::json) as levels`;

/**
 * One round trip without locks: the id of the reservation already made with `idempotencyKey`, if
 * any, and the stock of `skus` in active warehouses.
 */
export async function readForReserve(sql: Sql, idempotencyKey: string, skus: readonly string[]): Promise<{ existingId: string | null; levels: LevelStock[] }> {
  const [row] = await run<{ existing: string | null; levels: LevelRow[] }>(sql, 'read-for-reserve', READ_FOR_RESERVE, [idempotencyKey, [...new Set(skus)]]);
  return { existingId: row!.existing, levels: row!.levels.map(toLevelStock) };
}

const LOCK_FOR_RESERVE = `${levelsOfSkus(1)} order by l.sku, l.warehouse_id for update of l`;

/** The stock of `skus`, locked with FOR UPDATE in (sku, warehouse) order (inside a transaction). */
export async function lockForReserve(client: pg.PoolClient, skus: readonly string[]): Promise<LevelStock[]> {
  return (await run<LevelRow>(client, 'lock-for-reserve', LOCK_FOR_RESERVE, [[...new Set(skus)]])).map(toLevelStock);
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

const WRITE_RESERVATION = `with wanted as (
    select * from unnest($1::uuid[], $17::int[]) as a(level_id, quantity)
  ), locked as (
    select l.id, l.on_hand, l.reserved, l.safety_stock, w.active
    from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
    where l.id = any($1::uuid[])
    order by l.sku, l.warehouse_id
    for update of l
  ), verdict as (
    select count(*) = (select count(*) from wanted) and coalesce(bool_and(k.active and k.on_hand - k.reserved - k.safety_stock >= a.quantity), false) as ok
    from locked k join wanted a on a.level_id = k.id
  ), held as (
    insert into "inventory"."reservation" (id, owner, idempotency_key, status, expires_at, created_at, updated_at)
    select $2::uuid, $3::text, $4::text, $5::"inventory"."reservation_status", $6::timestamptz, $7::timestamptz, $7::timestamptz from verdict where ok
    returning id
  ), upd as (
    update "inventory"."stock_level" s set reserved = s.reserved + a.quantity, updated_at = now()
    from wanted a, verdict v
    where v.ok and s.id = any($1::uuid[]) and s.id = a.level_id
    returning s.sku, s.warehouse_id, s.on_hand, s.reserved, s.low_stock_threshold, a.quantity,
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
    select gen_random_uuid(), e.name, e.version, 'inventory', e.aggregate_id, e.payload, $8::text, clock_timestamp()
    from (
      select $9::text as name, $10::int as version, u.sku || '@' || u.warehouse_id as aggregate_id,
        jsonb_build_object('sku', u.sku, 'warehouseId', u.warehouse_id, 'onHand', u.on_hand, 'reserved', u.reserved, 'available', u.after) as payload
      from upd u
      union all
      select $11::text, $12::int, u.sku || '@' || u.warehouse_id,
        jsonb_build_object('sku', u.sku, 'warehouseId', u.warehouse_id, 'available', u.after, 'threshold', u.low_stock_threshold)
      from upd u where u.before >= u.low_stock_threshold and u.after < u.low_stock_threshold
      union all
      select $13::text, $14::int, h.id::text,
        jsonb_build_object('reservationId', h.id, 'owner', $3::text, 'expiresAt', $15::text, 'lines', $16::jsonb)
      from held h
    ) e
    returning 1
  )
  select v.ok, (select count(*) from movements) + (select count(*) from reservation_lines) + (select count(*) from events) as written
  from verdict v`;

/**
 * Writes a reservation in one statement, or nothing: locks the allocated levels in (sku, warehouse)
 * order, checks that each is in an active warehouse and still has the allocated units, and only then
 * raises `reserved`, writes the movements, the reservation and its lines, and the StockLevelChanged /
 * LowStockAlert / StockReserved outbox rows (the caller wakes the relay once committed, see
 * `wakeRelay`). Returns false when stock moved since it was read (nothing written). A concurrent
 * call with the same idempotency key fails on the key's unique index once the first one commits.
 */
export async function writeReservation(sql: Sql, r: NewReservation): Promise<boolean> {
  const lines = [...r.allocations].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseId < b.warehouseId ? -1 : 1));
  const [row] = await run<{ ok: boolean }>(sql, 'write-reservation', WRITE_RESERVATION, [
    lines.map((a) => a.levelId),
    r.id,
    r.owner,
    r.idempotencyKey,
    ReservationStatus.ACTIVE,
    r.expiresAt.toISOString(),
    r.createdAt.toISOString(),
    currentRequestId() ?? null,
    StockLevelChanged.name,
    StockLevelChanged.version,
    LowStockAlert.name,
    LowStockAlert.version,
    StockReserved.name,
    StockReserved.version,
    r.expiresAt.toISOString(),
    JSON.stringify(lines.map((a) => ({ sku: a.sku, warehouseId: a.warehouseId, quantity: a.quantity }))),
    lines.map((a) => a.quantity),
  ]);
  return row!.ok;
}

let waking: Promise<void> | undefined;
let wakeAgain: pg.Pool | undefined;

/**
 * Wakes the outbox relay after a reservation committed. NOTIFY takes a database-wide lock at commit,
 * so it is sent in a statement of its own, after the row locks are gone, and coalesced: while one is
 * in flight, later calls add at most one more (the relay drains every due row when woken, and polls
 * anyway, so a lost wake-up only delays events).
 */
export function wakeRelay(pool: pg.Pool): void {
  if (waking) {
    wakeAgain = pool;
    return;
  }
  waking = (async () => {
    for (let next: pg.Pool | undefined = pool; next; next = wakeAgain) {
      wakeAgain = undefined;
      await next.query(`select pg_notify($1, '')`, [outboxChannel('inventory')]);
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      waking = undefined;
    });
}

type ReservationRow = { id: string; owner: string; status: ReservationStatus; expires_at: Date | string; created_at: Date | string; lines: ReservationLineView[] };

const RESERVATION_BY_KEY = `select r.id, r.owner, r.status, r.expires_at, r.created_at,
    coalesce((select json_agg(json_build_object('sku', l.sku, 'warehouseId', l.warehouse_id, 'quantity', l.quantity) order by l.sku, l.warehouse_id)
              from "inventory"."reservation_line" l where l.reservation_id = r.id), '[]'::json) as lines
  from "inventory"."reservation" r where r.idempotency_key = $1`;

/** The reservation made with `idempotencyKey`, with its lines, in one query. */
export async function reservationByKey(sql: Sql, idempotencyKey: string): Promise<ReservationView | null> {
  const [row] = await run<ReservationRow>(sql, 'reservation-by-key', RESERVATION_BY_KEY, [idempotencyKey]);
  return row ? { id: row.id, owner: row.owner, status: row.status, expiresAt: new Date(row.expires_at), createdAt: new Date(row.created_at), lines: row.lines } : null;
}
