import { defineMachine } from '@shopgraph/fsm';

/** Where one fulfilment (a parcel of order lines from one warehouse) is. */
export enum FulfilmentState {
  /** Packed and waiting for the carrier: its units are taken from what remains to fulfil. */
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  /** Given up before it shipped; its units count as unfulfilled again. */
  CANCELLED = 'CANCELLED',
}

/** A fulfilment's own small machine (as Vendure keeps one beside the order's). */
export const FULFILMENT_MACHINE = defineMachine<FulfilmentState>(
  {
    [FulfilmentState.PENDING]: [{ to: FulfilmentState.SHIPPED }, { to: FulfilmentState.CANCELLED }],
    [FulfilmentState.SHIPPED]: [{ to: FulfilmentState.DELIVERED }],
    [FulfilmentState.DELIVERED]: [],
    [FulfilmentState.CANCELLED]: [],
  },
  { name: 'fulfilment' },
);

/** The order's fulfilment status, derived from its fulfilment lines. */
export enum FulfillmentStatus {
  UNFULFILLED = 'UNFULFILLED',
  PARTIALLY_FULFILLED = 'PARTIALLY_FULFILLED',
  FULFILLED = 'FULFILLED',
  PARTIALLY_SHIPPED = 'PARTIALLY_SHIPPED',
  SHIPPED = 'SHIPPED',
  PARTIALLY_DELIVERED = 'PARTIALLY_DELIVERED',
  DELIVERED = 'DELIVERED',
}

/** An order line as the fulfilment rules read it. */
export interface FulfilmentItem {
  id: string;
  quantity: number;
  /** Units taken off the order before they were fulfilled (never fulfilled from then on). */
  cancelledQuantity: number;
}

/** One line of a fulfilment, with the state of the fulfilment it belongs to. */
export interface FulfilmentLineFact {
  orderItemId: string;
  quantity: number;
  state: FulfilmentState;
}

/** Units of each order line by progress: fulfilled (not cancelled), shipped (or delivered) and delivered. */
export interface LineProgress {
  ordered: number;
  cancelled: number;
  fulfilled: number;
  shipped: number;
  delivered: number;
}

/** Each order line's progress, by order item id. */
export function lineProgress(items: readonly FulfilmentItem[], lines: readonly FulfilmentLineFact[]): Map<string, LineProgress> {
  const progress = new Map(
    items.map((i) => [i.id, { ordered: i.quantity, cancelled: i.cancelledQuantity, fulfilled: 0, shipped: 0, delivered: 0 }]),
  );
  for (const line of lines) {
    const p = progress.get(line.orderItemId);
    if (!p || line.state === FulfilmentState.CANCELLED) continue;
    p.fulfilled += line.quantity;
    if (line.state !== FulfilmentState.PENDING) p.shipped += line.quantity;
    if (line.state === FulfilmentState.DELIVERED) p.delivered += line.quantity;
  }
  return progress;
}

/** Units of a line still to fulfil: ordered − cancelled − fulfilled. */
export const remainingToFulfil = (p: LineProgress): number => p.ordered - p.cancelled - p.fulfilled;

/** Derives the order's fulfilment status from its lines (cancelled units are not due). */
export function fulfillmentStatusOf(items: readonly FulfilmentItem[], lines: readonly FulfilmentLineFact[]): FulfillmentStatus {
  let due = 0;
  let fulfilled = 0;
  let shipped = 0;
  let delivered = 0;
  for (const p of lineProgress(items, lines).values()) {
    due += p.ordered - p.cancelled;
    fulfilled += p.fulfilled;
    shipped += p.shipped;
    delivered += p.delivered;
  }
  if (due > 0 && delivered >= due) return FulfillmentStatus.DELIVERED;
  // Part delivered counts only once everything shipped; until then lines remain to ship.
  if (due > 0 && shipped >= due) return delivered > 0 ? FulfillmentStatus.PARTIALLY_DELIVERED : FulfillmentStatus.SHIPPED;
  if (shipped > 0) return FulfillmentStatus.PARTIALLY_SHIPPED;
  if (due > 0 && fulfilled >= due) return FulfillmentStatus.FULFILLED;
  if (fulfilled > 0) return FulfillmentStatus.PARTIALLY_FULFILLED;
  return FulfillmentStatus.UNFULFILLED;
}

/** Whether any unit has left the warehouse (then the order can no longer be cancelled, only returned). */
export const anyShipped = (status: FulfillmentStatus): boolean =>
  ![FulfillmentStatus.UNFULFILLED, FulfillmentStatus.PARTIALLY_FULFILLED, FulfillmentStatus.FULFILLED].includes(status);

/**
 * Why fulfilling `requested` units per order item is refused, or null: every line must belong to the
 * order, ask for at least one unit and stay within ordered − cancelled − fulfilled.
 */
export function fulfilmentRefusal(
  items: readonly FulfilmentItem[],
  lines: readonly FulfilmentLineFact[],
  requested: readonly { orderItemId: string; quantity: number }[],
): { index: number; reason: string } | null {
  if (requested.length === 0) return { index: 0, reason: 'A fulfilment needs at least one line' };
  const progress = lineProgress(items, lines);
  const asked = new Map<string, number>();
  for (const [index, line] of requested.entries()) {
    const p = progress.get(line.orderItemId);
    if (!p) return { index, reason: 'No such line in this order' };
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return { index, reason: 'quantity must be a positive integer' };
    const total = (asked.get(line.orderItemId) ?? 0) + line.quantity;
    asked.set(line.orderItemId, total);
    if (total > remainingToFulfil(p)) return { index, reason: `Only ${remainingToFulfil(p)} units of this line remain to fulfil` };
  }
  return null;
}
