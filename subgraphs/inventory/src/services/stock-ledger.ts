import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { StockLevel, StockMovement, type StockMovementKind } from '../entities/index.js';

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

/** Applies a change to a locked level and writes the movement that records it: the only way stock changes. */
export function applyChange(tx: EntityManager, level: StockLevel, change: LevelChange): StockMovement {
  const onHandDelta = change.onHandDelta ?? 0;
  const reservedDelta = change.reservedDelta ?? 0;
  level.onHand += onHandDelta;
  level.reserved += reservedDelta;
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
