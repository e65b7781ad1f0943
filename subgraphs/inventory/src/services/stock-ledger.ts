import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordEvent } from '@shopgraph/events';
import { availableOf } from '../domain/availability.js';
import { StockLevel, StockMovement, type StockMovementKind } from '../entities/index.js';
import { LowStockAlert, StockLevelChanged } from '../events/inventory.events.js';

/** What one stock change does to a level, and why. */
export interface LevelChange {
  kind: StockMovementKind;
  onHandDelta?: number;
  reservedDelta?: number;
  reason?: string | undefined;
  reservationId?: string | undefined;
}

/**
 * Locks the stock levels of `skus` (optionally only of some warehouses) with SELECT … FOR UPDATE,
 * always in (sku, warehouse id) order so concurrent transactions queue instead of deadlocking.
 */
export function lockLevels(tx: EntityManager, skus: readonly string[], warehouseIds?: readonly string[]): Promise<StockLevel[]> {
  const sorted = [...new Set(skus)].sort();
  return tx.find(
    StockLevel,
    { sku: { $in: sorted }, ...(warehouseIds ? { warehouse: { $in: [...new Set(warehouseIds)] } } : {}) },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { sku: 'asc', warehouse: 'asc' }, refresh: true },
  );
}

/**
 * Applies a change to a locked level and writes the movement that records it — the only way stock
 * changes — with its StockLevelChanged event (and a LowStockAlert when available units fall below
 * the level's threshold) in the same transaction.
 */
export async function applyChange(tx: EntityManager, level: StockLevel, change: LevelChange): Promise<StockMovement> {
  const onHandDelta = change.onHandDelta ?? 0;
  const reservedDelta = change.reservedDelta ?? 0;
  const before = availableOf(level);
  level.onHand += onHandDelta;
  level.reserved += reservedDelta;
  const after = availableOf(level);
  const where = { sku: level.sku, warehouseId: level.warehouse.id };
  await recordEvent(tx, StockLevelChanged, {
    aggregateId: `${level.sku}@${level.warehouse.id}`,
    payload: { ...where, onHand: level.onHand, reserved: level.reserved, available: after },
  });
  if (before >= level.lowStockThreshold && after < level.lowStockThreshold) {
    await recordEvent(tx, LowStockAlert, {
      aggregateId: `${level.sku}@${level.warehouse.id}`,
      payload: { ...where, available: after, threshold: level.lowStockThreshold },
    });
  }
  return tx.create(StockMovement, {
    sku: level.sku,
    warehouse: level.warehouse,
    kind: change.kind,
    onHandDelta,
    reservedDelta,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.reservationId ? { reservationId: change.reservationId } : {}),
  });
}
