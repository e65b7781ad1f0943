import type { EntityManager } from '@mikro-orm/postgresql';
import { availableOf } from '../domain/availability.js';
import { StockLevel, Warehouse } from '../entities/index.js';

/** Availability of one SKU across active warehouses. */
export interface SkuAvailability {
  sku: string;
  available: number;
  warehouses: { warehouseId: string; available: number }[];
}

/** Availability of many SKUs in one query. */
export async function availabilityOf(em: EntityManager, skus: readonly string[]): Promise<SkuAvailability[]> {
  const levels = await em.find(StockLevel, { sku: { $in: [...skus] }, warehouse: { active: true } }, { orderBy: { warehouse: { priority: 'asc' } } });
  return skus.map((sku) => {
    const mine = levels.filter((l) => l.sku === sku);
    const warehouses = mine.map((l) => ({ warehouseId: l.warehouse.id, available: availableOf(l) }));
    return { sku, available: warehouses.reduce((n, w) => n + w.available, 0), warehouses };
  });
}

/** Every warehouse by priority. */
export function listWarehouses(em: EntityManager): Promise<Warehouse[]> {
  return em.find(Warehouse, {}, { orderBy: { priority: 'asc', code: 'asc' } });
}

/** Warehouses by id, in one query. */
export function warehousesByIds(em: EntityManager, ids: readonly string[]): Promise<Warehouse[]> {
  return em.find(Warehouse, { id: { $in: [...ids] } });
}
