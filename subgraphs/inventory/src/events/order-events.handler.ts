import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderCancelled, OrderFulfilmentCancelled, OrderRefunded, type OrderRestockLine, OrderReturnReceived } from '@shopgraph/contracts';
import { type EventEnvelope, handleOnce, isEvent } from '@shopgraph/events';
import { ReservationLine, StockLevel, StockMovementKind, Warehouse } from '../entities/index.js';
import { adjustStock } from '../services/stock.service.js';

/** The durable subscription of the inventory subgraph to the order events. */
export const ORDER_EVENTS_CONSUMER = 'inventory.order-events';
/** The order events that put units back on the shelf. */
export const ORDER_EVENT_NAMES = [OrderCancelled.name, OrderRefunded.name, OrderReturnReceived.name, OrderFulfilmentCancelled.name];

/** Units of one SKU going back into one warehouse. */
export interface RestockPlacement {
  sku: string;
  warehouseId: string;
  quantity: number;
}

/**
 * Where restock lines go: a line naming a warehouse goes there; otherwise to the warehouses the
 * reservation held that SKU in (in the reservation's line order, at most what each held), and what
 * is left (no reservation, or more units than it held) to `fallback(sku)`.
 */
export function placeRestock(
  lines: readonly OrderRestockLine[],
  held: readonly { sku: string; warehouseId: string; quantity: number }[],
  fallback: (sku: string) => string,
): RestockPlacement[] {
  const remaining = held.map((h) => ({ ...h }));
  const out = new Map<string, RestockPlacement>();
  const add = (sku: string, warehouseId: string, quantity: number) => {
    const key = `${sku}@${warehouseId}`;
    const existing = out.get(key);
    if (existing) existing.quantity += quantity;
    else out.set(key, { sku, warehouseId, quantity });
  };
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    if (line.warehouseId) {
      add(line.sku, line.warehouseId, line.quantity);
      continue;
    }
    let left = line.quantity;
    for (const h of remaining) {
      if (left === 0) break;
      if (h.sku !== line.sku || h.quantity === 0) continue;
      const take = Math.min(left, h.quantity);
      add(line.sku, h.warehouseId, take);
      h.quantity -= take;
      left -= take;
    }
    if (left > 0) add(line.sku, fallback(line.sku), left);
  }
  return [...out.values()];
}

/** What an order event asks inventory to put back, or null for an event without restock. */
function restockOf(envelope: EventEnvelope): { orderId: string; reservationId: string | null; lines: OrderRestockLine[] } | null {
  if (isEvent(envelope, OrderCancelled)) {
    const p = envelope.payload;
    return { orderId: p.orderId, reservationId: p.reservationId, lines: p.restock };
  }
  if (isEvent(envelope, OrderRefunded) || isEvent(envelope, OrderReturnReceived) || isEvent(envelope, OrderFulfilmentCancelled)) {
    const p = envelope.payload;
    return { orderId: p.orderId, reservationId: null, lines: p.restock };
  }
  return null;
}

/**
 * Applies an order event once (inbox): each restock line goes back on hand through `adjustStock`
 * (a RETURN movement whose reason names the order and the event), so on-hand, reserved and the
 * movement ledger stay consistent. A line without a warehouse goes where the order's reservation
 * held it; when the event names no reservation (refunds, returns, cancelled fulfilments today),
 * to the first active warehouse by priority that stocks the SKU.
 */
export async function handleOrderEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  const restock = restockOf(envelope);
  if (!restock || restock.lines.length === 0) return;
  await handleOnce(em, ORDER_EVENTS_CONSUMER, envelope, async (tx) => {
    const skus = [...new Set(restock.lines.map((l) => l.sku))];
    const held = restock.reservationId
      ? (
          await tx.find(
            ReservationLine,
            { reservation: restock.reservationId, sku: { $in: skus } },
            { orderBy: { sku: 'asc', warehouse: 'asc' } },
          )
        ).map((l) => ({ sku: l.sku, warehouseId: l.warehouse.id, quantity: l.quantity }))
      : [];
    const fallbacks = await fallbackWarehouses(tx, skus);
    const placements = placeRestock(restock.lines, held, (sku) => {
      const warehouseId = fallbacks.get(sku);
      if (!warehouseId) throw new Error(`No active warehouse to restock ${sku} of order ${restock.orderId}`);
      return warehouseId;
    });
    for (const placement of byLockOrder(placements)) {
      const result = await adjustStock(tx, {
        sku: placement.sku,
        warehouseId: placement.warehouseId,
        quantityDelta: placement.quantity,
        kind: StockMovementKind.RETURN,
        reason: `RESTOCK order ${restock.orderId} (${envelope.name})`,
      });
      if (result.userErrors.length) throw new Error(`Restock of order ${restock.orderId} failed: ${JSON.stringify(result.userErrors)}`);
    }
  });
}

/** Per SKU, the first active warehouse by priority that has a level of it (else the first active warehouse). */
async function fallbackWarehouses(tx: EntityManager, skus: readonly string[]): Promise<Map<string, string>> {
  const levels = await tx.find(
    StockLevel,
    { sku: { $in: [...skus] }, warehouse: { active: true } },
    { populate: ['warehouse'], orderBy: { sku: 'asc', warehouse: { priority: 'asc', code: 'asc' } } },
  );
  const chosen = new Map<string, string>();
  for (const level of levels) if (!chosen.has(level.sku)) chosen.set(level.sku, level.warehouse.id);
  const first = await tx.findOne(Warehouse, { active: true }, { orderBy: { priority: 'asc', code: 'asc' } });
  for (const sku of skus) if (!chosen.has(sku) && first) chosen.set(sku, first.id);
  return chosen;
}

/** Placements in (sku, warehouse id) order, the order `lockLevels` locks in, so restocks queue behind reservations instead of deadlocking. */
function byLockOrder(placements: RestockPlacement[]): RestockPlacement[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...placements].sort((a, b) => compare(a.sku, b.sku) || compare(a.warehouseId, b.warehouseId));
}
