import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import { availableOf } from '../domain/availability.js';
import { StockLevel, StockMovementKind, Warehouse } from '../entities/index.js';
import { applyChange, lockLevels } from './stock-ledger.js';

/** Every warehouse by priority. */
export function listWarehouses(em: EntityManager): Promise<Warehouse[]> {
  return em.find(Warehouse, {}, { orderBy: { priority: 'asc', code: 'asc' } });
}

/** Warehouses by id, in one query. */
export function warehousesByIds(em: EntityManager, ids: readonly string[]): Promise<Warehouse[]> {
  return em.find(Warehouse, { id: { $in: [...ids] } });
}

/** Stock changes an admin may record by hand. */
export type AdjustmentKind = StockMovementKind.RECEIPT | StockMovementKind.ADJUSTMENT | StockMovementKind.RETURN;

/** An admin's change of the units on hand of one SKU in one warehouse. */
export interface StockAdjustment {
  sku: string;
  warehouseId: string;
  /** Units added (positive) or removed (negative). */
  quantityDelta: number;
  kind: AdjustmentKind;
  reason?: string | undefined;
}

/** Outcome of an adjustment. */
export interface AdjustmentResult {
  level: StockLevel | null;
  userErrors: UserError[];
}

/**
 * Changes the units on hand and writes the movement. Receipts and returns only add; no change may
 * take away units that are reserved or kept as safety stock.
 */
export async function adjustStock(em: EntityManager, adjustment: StockAdjustment): Promise<AdjustmentResult> {
  const fail = (code: UserErrorCode, message: string, field: string): AdjustmentResult => ({
    level: null,
    userErrors: [userError(code, message, ['input', field])],
  });
  const { sku, warehouseId, quantityDelta, kind } = adjustment;
  if (!Number.isInteger(quantityDelta) || quantityDelta === 0)
    return fail(UserErrorCode.INVALID_QUANTITY, 'quantityDelta must be a non-zero integer', 'quantityDelta');
  if (kind !== StockMovementKind.ADJUSTMENT && quantityDelta < 0)
    return fail(UserErrorCode.INVALID_QUANTITY, `A ${kind.toLowerCase()} can only add stock`, 'quantityDelta');
  if (!sku.trim()) return fail(UserErrorCode.INVALID_INPUT, 'sku must not be empty', 'sku');
  return em.transactional(async (tx) => {
    const warehouse = await tx.findOne(Warehouse, { id: warehouseId });
    if (!warehouse) return fail(UserErrorCode.NOT_FOUND, 'No such warehouse', 'warehouseId');
    await tx.execute(
      'insert into "inventory"."stock_level" (id, sku, warehouse_id, updated_at) values (?, ?, ?, now()) on conflict (sku, warehouse_id) do nothing',
      [randomUUID(), sku, warehouseId],
    );
    const [level] = await lockLevels(tx, [sku], [warehouseId]);
    if (quantityDelta < 0 && level!.onHand + quantityDelta < level!.reserved + level!.safetyStock) {
      return fail(UserErrorCode.INSUFFICIENT_STOCK, `Only ${availableOf(level!)} unreserved units can be removed`, 'quantityDelta');
    }
    await applyChange(tx, level!, { kind, onHandDelta: quantityDelta, reason: adjustment.reason });
    return { level: level!, userErrors: [] };
  });
}
