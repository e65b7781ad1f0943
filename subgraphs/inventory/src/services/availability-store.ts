import type { PreparedSql } from '@shopgraph/db';
import { availableOf } from '../domain/availability.js';

/**
 * SQL of the availability reads (listing pages, every cart change): one named prepared statement per
 * batch of SKUs straight on the ORM's `pg` pool, rows mapped by hand, no entity hydration. Callers
 * that only need the sums (everyone but admins) get them aggregated by PostgreSQL.
 */

/** A warehouse as the availability reads return it. */
export interface WarehouseView {
  id: string;
  code: string;
  name: string;
  country: string;
  priority: number;
  active: boolean;
}

/** Stock of one SKU in one active warehouse. */
export interface LevelView {
  sku: string;
  warehouse: WarehouseView;
  onHand: number;
  reserved: number;
  safetyStock: number;
}

/** Availability of one SKU across active warehouses. */
export interface SkuAvailability {
  sku: string;
  available: number;
  /** Active warehouses holding the SKU, by priority then code; only when asked for. */
  levels: LevelView[] | null;
}

const SUMS = `select l.sku, sum(greatest(0, l.on_hand - l.reserved - l.safety_stock))::int as available
  from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
  where w.active and l.sku = any($1::text[])
  group by l.sku`;

const LEVELS = `select l.sku, l.on_hand, l.reserved, l.safety_stock, w.id, w.code, w.name, w.country, w.priority, w.active
  from "inventory"."stock_level" l join "inventory"."warehouse" w on w.id = l.warehouse_id
  where w.active and l.sku = any($1::text[])
  order by w.priority, w.code`;

type LevelRow = {
  sku: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  id: string;
  code: string;
  name: string;
  country: string;
  priority: number;
  active: boolean;
};

/**
 * Availability of `skus` (in their order, unknown SKUs at 0) in one statement; with `levels`, also
 * each SKU's stock per active warehouse.
 */
export async function availabilityOf(sql: PreparedSql, skus: readonly string[], { levels = false } = {}): Promise<SkuAvailability[]> {
  const unique = [...new Set(skus)];
  if (!levels) {
    const rows = await sql.rows<{ sku: string; available: number }>('inventory.availability-sums', SUMS, [unique]);
    const available = new Map(rows.map((r) => [r.sku, r.available]));
    return skus.map((sku) => ({ sku, available: available.get(sku) ?? 0, levels: null }));
  }
  const rows = await sql.rows<LevelRow>('inventory.availability-levels', LEVELS, [unique]);
  const bySku = new Map<string, LevelView[]>();
  for (const r of rows) {
    const level: LevelView = {
      sku: r.sku,
      warehouse: { id: r.id, code: r.code, name: r.name, country: r.country, priority: r.priority, active: r.active },
      onHand: r.on_hand,
      reserved: r.reserved,
      safetyStock: r.safety_stock,
    };
    const mine = bySku.get(r.sku);
    if (mine) mine.push(level);
    else bySku.set(r.sku, [level]);
  }
  return skus.map((sku) => {
    const mine = bySku.get(sku) ?? [];
    return { sku, available: mine.reduce((n, l) => n + availableOf(l), 0), levels: mine };
  });
}
