import type { PoolSql, PreparedSql, TxSql } from '@shopgraph/db';
import { outboxChannel, wakeLocalRelays } from '@shopgraph/events';
import { currentRequestId } from '@shopgraph/observability';
import type { Allocation, WarehouseStock } from '../domain/allocation.js';
import { ReservationStatus } from '../entities/index.js';
import { LowStockAlert, StockLevelChanged, StockReserved } from '../events/inventory.events.js';

/**
 * SQL of the reservation hot path (the ORM stays on every other path). Statements go straight to the
 * ORM's `pg` pool as named prepared statements (`PreparedSql`), so PostgreSQL plans each once per connection. A
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
export type Sql = PreparedSql;

/** The subgraph's schema, which its outbox and NOTIFY channel are named after. */
const INVENTORY_SCHEMA = 'inventory';

type LevelRow = { id: string; sku: string; warehouse_id: string; available: number; priority: number; code: string };

const toLevelStock = (r: LevelRow): LevelStock => ({
  levelId: r.id,
  sku: r.sku,
  warehouseId: r.warehouse_id,
  available: Number(r.available),
  priority: r.priority,
  code: r.code,
});

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

const READ_FOR_RESERVE = `select
  (select json_object_agg(idempotency_key, id) from "inventory"."reservation" where idempotency_key = any($1::text[])) as existing,
  coalesce((select json_agg(s) from (${levelsOfSkus(2)}) s), '[]'::json) as levels`;

/** What a reserve call reads before it allocates. */
export interface ReserveRead {
  /** The reservation already made with the call's idempotency key, if any. */
  existingId: string | null;
  /** Stock of the call's SKUs in active warehouses. */
  levels: LevelStock[];
}

/**
 * One round trip without locks for several reserve calls: for each, the id of the reservation
 * already made with its idempotency key, if any, and the stock of its SKUs in active warehouses.
 */
export async function readForReserve(
  sql: Sql,
  reads: readonly { idempotencyKey: string; skus: readonly string[] }[],
): Promise<ReserveRead[]> {
  const skus = [...new Set(reads.flatMap((r) => r.skus))];
  const [row] = await sql.rows<{ existing: Record<string, string> | null; levels: LevelRow[] }>(
    'inventory.read-for-reserve',
    READ_FOR_RESERVE,
    [reads.map((r) => r.idempotencyKey), skus],
  );
  const levels = row!.levels.map(toLevelStock);
  return reads.map((r) => {
    const mine = new Set(r.skus);
    return { existingId: row!.existing?.[r.idempotencyKey] ?? null, levels: levels.filter((l) => mine.has(l.sku)) };
  });
}

const LOCK_FOR_RESERVE = `${levelsOfSkus(1)} order by l.sku, l.warehouse_id for update of l`;

/** The stock of `skus`, locked with FOR UPDATE in (sku, warehouse) order (inside a transaction). */
export async function lockForReserve(client: TxSql, skus: readonly string[]): Promise<LevelStock[]> {
  return (await client.rows<LevelRow>('inventory.lock-for-reserve', LOCK_FOR_RESERVE, [[...new Set(skus)]])).map(toLevelStock);
}

/** A new reservation to write. */
export interface NewReservation {
  id: string;
  owner: string;
  idempotencyKey: string;
  expiresAt: Date;
  createdAt: Date;
  allocations: readonly (Allocation & { levelId: string })[];
  /** The request that made it, for the outbox rows; defaults to the current one. */
  requestId?: string | null;
}

/**
 * Writes reservations in one statement, all of them or none: locks their levels in (sku, warehouse)
 * order, checks that each level is in an active warehouse and still has what all of them take from
 * it, and only then raises `reserved`, writes each reservation with its lines and movements, and
 * the outbox rows. Every row, and every event's numbers, is what writing the reservations one after
 * the other in the given order would have written: a line's StockLevelChanged / LowStockAlert
 * carry its level after that reservation (`reserved` minus what later reservations of the batch
 * take), inserted in that order.
 */
const WRITE_RESERVATIONS = `with res as (
    select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) with ordinality
      as r(id, owner, idempotency_key, expires_at, created_at, request_id, lines, n)
  ), wanted as (
    select * from unnest($8::int[], $9::uuid[], $10::int[]) with ordinality as a(n, level_id, quantity, k)
  ), totals as (
    select level_id, sum(quantity)::int as quantity from wanted group by level_id
  ), locked as (
    select l.id, l.on_hand, l.reserved, l.safety_stock, w.active
    from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
    where l.id = any($9::uuid[])
    order by l.sku, l.warehouse_id
    for update of l
  ), verdict as (
    select count(*) = (select count(*) from totals) and coalesce(bool_and(k.active and k.on_hand - k.reserved - k.safety_stock >= t.quantity), false) as ok
    from locked k join totals t on t.level_id = k.id
  ), held as (
    insert into "inventory"."reservation" (id, owner, idempotency_key, status, expires_at, created_at, updated_at)
    select r.id, r.owner, r.idempotency_key, $11::"inventory"."reservation_status", r.expires_at::timestamptz, r.created_at::timestamptz, r.created_at::timestamptz
    from res r, verdict v where v.ok
    order by r.n
    on conflict (idempotency_key) do nothing
    returning id
  ), kept as (
    select a.* from wanted a join res r on r.n = a.n join held h on h.id = r.id
  ), upd as (
    update "inventory"."stock_level" s set reserved = s.reserved + t.quantity, updated_at = now()
    from (select level_id, sum(quantity)::int as quantity from kept group by level_id) t
    where s.id = any($9::uuid[]) and s.id = t.level_id
    returning s.id, s.sku, s.warehouse_id, s.on_hand, s.reserved, s.safety_stock, s.low_stock_threshold
  ), steps as (
    select a.n, a.k, a.quantity, u.sku, u.warehouse_id, u.on_hand, u.low_stock_threshold, u.reserved - a.later as reserved,
      greatest(0, u.on_hand - (u.reserved - a.later) - u.safety_stock) as after,
      greatest(0, u.on_hand - (u.reserved - a.later) + a.quantity - u.safety_stock) as before
    from (select k.*, (sum(k.quantity) over (partition by k.level_id order by k.n desc) - k.quantity)::int as later from kept k) a
    join upd u on u.id = a.level_id
  ), movements as (
    insert into "inventory"."stock_movement" (id, sku, warehouse_id, kind, on_hand_delta, reserved_delta, reservation_id, created_at)
    select gen_random_uuid(), st.sku, st.warehouse_id, 'RESERVATION', 0, st.quantity, r.id, now()
    from steps st join res r on r.n = st.n
    returning 1
  ), reservation_lines as (
    insert into "inventory"."reservation_line" (id, reservation_id, sku, warehouse_id, quantity)
    select gen_random_uuid(), r.id, st.sku, st.warehouse_id, st.quantity
    from steps st join res r on r.n = st.n
    returning 1
  ), events as (
    insert into "inventory"."outbox" (id, name, version, producer, aggregate_id, payload, request_id, occurred_at)
    select gen_random_uuid(), e.name, e.version, 'inventory', e.aggregate_id, e.payload, e.request_id, clock_timestamp()
    from (
      select st.n, 1 as part, st.k, $12::text as name, $13::int as version, st.sku || '@' || st.warehouse_id as aggregate_id,
        jsonb_build_object('sku', st.sku, 'warehouseId', st.warehouse_id, 'onHand', st.on_hand, 'reserved', st.reserved, 'available', st.after) as payload,
        r.request_id
      from steps st join res r on r.n = st.n
      union all
      select st.n, 2, st.k, $14::text, $15::int, st.sku || '@' || st.warehouse_id,
        jsonb_build_object('sku', st.sku, 'warehouseId', st.warehouse_id, 'available', st.after, 'threshold', st.low_stock_threshold),
        r.request_id
      from steps st join res r on r.n = st.n
      where st.before >= st.low_stock_threshold and st.after < st.low_stock_threshold
      union all
      select r.n, 3, 0, $16::text, $17::int, r.id::text,
        jsonb_build_object('reservationId', r.id, 'owner', r.owner, 'expiresAt', r.expires_at, 'lines', r.lines::jsonb),
        r.request_id
      from res r join held h on h.id = r.id
    ) e
    order by e.n, e.part, e.k
    returning 1
  )
  select v.ok, array(select r.id::text from res r where r.id not in (select id from held)) as taken,
    (select count(*) from movements) + (select count(*) from reservation_lines) + (select count(*) from events) as written
  from verdict v`;

/** Orders lines by SKU, then warehouse id: the order reservation lines are kept and levels locked in. */
export const byLevel = (a: { sku: string; warehouseId: string }, b: { sku: string; warehouseId: string }) =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0;

/** What became of a reservation given to `writeReservations`. */
export type WriteOutcome = 'written' | 'moved' | 'taken';

/**
 * Writes `reservations` in one statement (see WRITE_RESERVATIONS) and tells, for each, 'written';
 * 'taken' when its idempotency key already has a reservation (also one a concurrent call commits
 * first, or an earlier one of the same batch): nothing is written for it; or, for all of them,
 * 'moved' when stock moved since it was read or they together take more than a level has: nothing
 * is written. Wake the relay once committed (see `wakeRelay`).
 */
export async function writeReservations(sql: Sql, reservations: readonly NewReservation[]): Promise<WriteOutcome[]> {
  const requestId = currentRequestId() ?? null;
  const lines = reservations.map((r) => [...r.allocations].sort(byLevel));
  const [row] = await sql.rows<{ ok: boolean; taken: string[] }>('inventory.write-reservations', WRITE_RESERVATIONS, [
    reservations.map((r) => r.id),
    reservations.map((r) => r.owner),
    reservations.map((r) => r.idempotencyKey),
    reservations.map((r) => r.expiresAt.toISOString()),
    reservations.map((r) => r.createdAt.toISOString()),
    reservations.map((r) => (r.requestId === undefined ? requestId : r.requestId)),
    lines.map((ls) => JSON.stringify(ls.map((a) => ({ sku: a.sku, warehouseId: a.warehouseId, quantity: a.quantity })))),
    lines.flatMap((ls, i) => ls.map(() => i + 1)),
    lines.flatMap((ls) => ls.map((a) => a.levelId)),
    lines.flatMap((ls) => ls.map((a) => a.quantity)),
    ReservationStatus.ACTIVE,
    StockLevelChanged.name,
    StockLevelChanged.version,
    LowStockAlert.name,
    LowStockAlert.version,
    StockReserved.name,
    StockReserved.version,
  ]);
  if (!row!.ok) return reservations.map(() => 'moved');
  const taken = new Set(row!.taken);
  return reservations.map((r) => (taken.has(r.id) ? 'taken' : 'written'));
}

let waking: Promise<void> | undefined;
let wakeAgain: PoolSql | undefined;

/**
 * Wakes the outbox relay after a reservation committed: the relay of this process, in process,
 * when it runs one (any relay drains every due row, so others need not hear of it); otherwise a
 * NOTIFY. NOTIFY takes a database-wide lock at commit, so it is sent in a statement of its own,
 * after the row locks are gone, and coalesced: while one is in flight, later calls add at most one
 * more (the relay drains every due row when woken, and polls anyway, so a lost wake-up only delays
 * events).
 */
export function wakeRelay(sql: PoolSql): void {
  if (wakeLocalRelays(INVENTORY_SCHEMA)) return;
  if (waking) {
    wakeAgain = sql;
    return;
  }
  waking = (async () => {
    for (let next: PoolSql | undefined = sql; next; next = wakeAgain) {
      wakeAgain = undefined;
      await next.rows('inventory.wake-relay', `select pg_notify($1, '')`, [outboxChannel(INVENTORY_SCHEMA)]);
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      waking = undefined;
    });
}

type ReservationRow = {
  id: string;
  owner: string;
  status: ReservationStatus;
  expires_at: Date | string;
  created_at: Date | string;
  lines: ReservationLineView[];
};

const RESERVATION_BY_KEY = `select r.id, r.owner, r.status, r.expires_at, r.created_at,
    coalesce((select json_agg(json_build_object('sku', l.sku, 'warehouseId', l.warehouse_id, 'quantity', l.quantity) order by l.sku, l.warehouse_id)
              from "inventory"."reservation_line" l where l.reservation_id = r.id), '[]'::json) as lines
  from "inventory"."reservation" r where r.idempotency_key = $1`;

/** The reservation made with `idempotencyKey`, with its lines, in one query. */
export async function reservationByKey(sql: Sql, idempotencyKey: string): Promise<ReservationView | null> {
  const [row] = await sql.rows<ReservationRow>('inventory.reservation-by-key', RESERVATION_BY_KEY, [idempotencyKey]);
  return row
    ? {
        id: row.id,
        owner: row.owner,
        status: row.status,
        expiresAt: new Date(row.expires_at),
        createdAt: new Date(row.created_at),
        lines: row.lines,
      }
    : null;
}
