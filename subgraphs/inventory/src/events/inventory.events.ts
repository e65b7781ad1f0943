import { defineEvent } from '@shopgraph/events';

/** Units of one SKU held, released or shipped in one warehouse. */
export interface ReservedLine {
  sku: string;
  warehouseId: string;
  quantity: number;
}

/** Stock was held for an owner (a checkout session). */
export const StockReserved = defineEvent<{ reservationId: string; owner: string; expiresAt: string; lines: ReservedLine[] }>(
  'inventory.stock-reserved',
  1,
);
/** Held stock was given back, on request or because the reservation expired. */
export const StockReleased = defineEvent<{ reservationId: string; owner: string; reason: 'released' | 'expired'; lines: ReservedLine[] }>(
  'inventory.stock-released',
  1,
);
/** Held stock left the warehouse with an order. */
export const StockConfirmed = defineEvent<{ reservationId: string; owner: string; lines: ReservedLine[] }>('inventory.stock-confirmed', 1);
/** A stock level changed; carries the level after the change. */
export const StockLevelChanged = defineEvent<{ sku: string; warehouseId: string; onHand: number; reserved: number; available: number }>(
  'inventory.stock-level-changed',
  1,
);
/** A level's available units fell below its low-stock threshold. */
export const LowStockAlert = defineEvent<{ sku: string; warehouseId: string; available: number; threshold: number }>(
  'inventory.low-stock-alert',
  1,
);
