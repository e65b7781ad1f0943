import { defineMachine } from '@shopgraph/fsm';
import type { LineProgress } from './fulfilment.js';

/** A return request's life: asked by the shopper, approved or declined by staff, then received. */
export enum ReturnRequestState {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
  RECEIVED = 'RECEIVED',
}

/** A return request's machine: staff approve or decline a request, then receive what was approved. */
export const RETURN_MACHINE = defineMachine<ReturnRequestState>(
  {
    [ReturnRequestState.REQUESTED]: [{ to: ReturnRequestState.APPROVED }, { to: ReturnRequestState.DECLINED }],
    [ReturnRequestState.APPROVED]: [{ to: ReturnRequestState.RECEIVED }],
    [ReturnRequestState.DECLINED]: [],
    [ReturnRequestState.RECEIVED]: [],
  },
  { name: 'return' },
);

/** The order's return status, derived from its return requests. */
export enum ReturnStatus {
  NONE = 'NONE',
  REQUESTED = 'REQUESTED',
  PARTIALLY_RETURNED = 'PARTIALLY_RETURNED',
  RETURNED = 'RETURNED',
}

/** A return request as the rules read it. */
export interface ReturnFact {
  state: ReturnRequestState;
  lines: readonly { orderItemId: string; quantity: number }[];
}

/** Whether a request is still waiting for staff or for the parcel. */
export const isOpenReturn = (r: ReturnFact): boolean => r.state === ReturnRequestState.REQUESTED || r.state === ReturnRequestState.APPROVED;

/**
 * Derives the order's return status: REQUESTED while a request is open; otherwise RETURNED once every
 * delivered unit came back, PARTIALLY_RETURNED if some did, NONE if none did.
 */
export function returnStatusOf(returns: readonly ReturnFact[], deliveredUnits: number): ReturnStatus {
  if (returns.some(isOpenReturn)) return ReturnStatus.REQUESTED;
  const received = returns
    .filter((r) => r.state === ReturnRequestState.RECEIVED)
    .reduce((n, r) => n + r.lines.reduce((m, l) => m + l.quantity, 0), 0);
  if (received === 0) return ReturnStatus.NONE;
  return deliveredUnits > 0 && received >= deliveredUnits ? ReturnStatus.RETURNED : ReturnStatus.PARTIALLY_RETURNED;
}

/** Whether the return window (days since delivery) is still open at `now`. */
export function returnWindowOpen(deliveredAt: Date | null, windowDays: number, now: Date): boolean {
  return deliveredAt !== null && now.getTime() <= deliveredAt.getTime() + windowDays * 86_400_000;
}

/**
 * Why returning `requested` units is refused, or null: only delivered units, within the window, and
 * never more than delivered minus what is already asked back (declined requests give units back).
 */
export function returnRefusal(
  progress: ReadonlyMap<string, LineProgress>,
  returns: readonly ReturnFact[],
  requested: readonly { orderItemId: string; quantity: number }[],
  windowOpen: boolean,
): { index: number; reason: string } | null {
  if (!windowOpen) return { index: 0, reason: 'The return window of this order is closed' };
  if (requested.length === 0) return { index: 0, reason: 'A return needs at least one line' };
  const taken = new Map<string, number>();
  for (const r of returns) {
    if (r.state === ReturnRequestState.DECLINED) continue;
    for (const l of r.lines) taken.set(l.orderItemId, (taken.get(l.orderItemId) ?? 0) + l.quantity);
  }
  for (const [index, line] of requested.entries()) {
    const p = progress.get(line.orderItemId);
    if (!p) return { index, reason: 'No such line in this order' };
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return { index, reason: 'quantity must be a positive integer' };
    const total = (taken.get(line.orderItemId) ?? 0) + line.quantity;
    taken.set(line.orderItemId, total);
    if (total > p.delivered) return { index, reason: `Only ${p.delivered} delivered units of this line can be returned` };
  }
  return null;
}
