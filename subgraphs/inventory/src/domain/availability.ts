/** Quantities of one SKU in one warehouse. */
export interface StockQuantities {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

/** What can still be promised to a shopper: on hand − reserved − safety stock, never below zero. */
export function availableOf(level: StockQuantities): number {
  return Math.max(0, level.onHand - level.reserved - level.safetyStock);
}
