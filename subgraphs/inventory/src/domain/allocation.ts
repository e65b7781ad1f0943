/** A line the caller wants held: a SKU, a quantity and optionally the only warehouse to take it from. */
export interface RequestedLine {
  sku: string;
  quantity: number;
  warehouseId?: string | undefined;
}

/** Units of a SKU that can still be promised in one warehouse. */
export interface WarehouseStock {
  sku: string;
  warehouseId: string;
  available: number;
}

/** Units of a SKU taken from one warehouse. */
export interface Allocation {
  sku: string;
  warehouseId: string;
  quantity: number;
}

/** A requested line that cannot be filled, with what could have been given. */
export interface ShortLine {
  sku: string;
  requested: number;
  available: number;
}

/** Every line filled, or the lines that could not be: never a partial hold. */
export type AllocationResult = { ok: true; allocations: Allocation[] } | { ok: false; shortLines: ShortLine[] };

/**
 * Allocates requested lines against stock listed in warehouse priority order: each line takes from
 * the first warehouse with stock and spills into the next. Lines for the same SKU draw from the same
 * remaining stock. All or nothing: any short line fails the whole request.
 */
export function allocate(lines: readonly RequestedLine[], stockByPriority: readonly WarehouseStock[]): AllocationResult {
  const remaining = stockByPriority.map((s) => ({ ...s }));
  const merged = new Map<string, Allocation>();
  const shortLines: ShortLine[] = [];
  for (const line of lines) {
    const candidates = remaining.filter(
      (s) => s.sku === line.sku && (line.warehouseId === undefined || s.warehouseId === line.warehouseId),
    );
    const available = candidates.reduce((n, s) => n + s.available, 0);
    if (available < line.quantity) {
      shortLines.push({ sku: line.sku, requested: line.quantity, available });
      continue;
    }
    let wanted = line.quantity;
    for (const stock of candidates) {
      if (wanted === 0) break;
      const take = Math.min(wanted, stock.available);
      if (take === 0) continue;
      stock.available -= take;
      wanted -= take;
      const key = `${stock.sku}\u0000${stock.warehouseId}`;
      const existing = merged.get(key);
      if (existing) existing.quantity += take;
      else merged.set(key, { sku: stock.sku, warehouseId: stock.warehouseId, quantity: take });
    }
  }
  return shortLines.length ? { ok: false, shortLines } : { ok: true, allocations: [...merged.values()] };
}
