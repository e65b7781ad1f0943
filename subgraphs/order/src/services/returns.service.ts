import type { EntityManager } from '@mikro-orm/postgresql';
import { TransitionError } from '@shopgraph/fsm';
import { UserErrorCode, type UserError, userError } from '@shopgraph/errors';
import { OrderState } from '../domain/order-process.js';
import { RETURN_MACHINE, ReturnRequestState, returnRefusal } from '../domain/return-policy.js';
import { type Order, type OrderItem, ReturnRequest } from '../entities/index.js';
import { OrderReturnApproved, OrderReturnDeclined, OrderReturnReceived, OrderReturnRequested } from '../events/order.events.js';
import { type OrderAggregate, commitOrderChange, deriveOrder, eventLines, loadOrderAggregate } from './order-lifecycle.service.js';

/** Outcome of a return mutation. */
export interface ReturnResult {
  returnRequest: ReturnRequest | null;
  order: Order | null;
  items: OrderItem[];
  userErrors: UserError[];
}

const refused = (code: UserErrorCode, message: string, field: string[]): ReturnResult => ({
  returnRequest: null,
  order: null,
  items: [],
  userErrors: [userError(code, message, field)],
});

/**
 * The shopper asks to send delivered lines back, within the return window after delivery; never
 * more units than delivered minus those already asked back. `order.return-requested`.
 */
export function requestReturn(
  em: EntityManager,
  input: { orderId: string; lines: { orderItemId: string; quantity: number }[]; reason: string },
  returnWindowDays: number,
  now = new Date(),
): Promise<ReturnResult> {
  return em.transactional(async (tx) => {
    const agg = await loadOrderAggregate(tx, input.orderId);
    if (!agg) return refused(UserErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId']);
    if (agg.order.state !== OrderState.CONFIRMED && agg.order.state !== OrderState.COMPLETED) {
      return refused(UserErrorCode.INVALID_STATUS_TRANSITION, `The order is ${agg.order.state}: nothing can be returned`, [
        'input',
        'orderId',
      ]);
    }
    const { progress, facts } = deriveOrder(agg, returnWindowDays, now);
    const refusal = returnRefusal(progress, agg.returns, input.lines, facts.returnWindowOpen);
    if (refusal) {
      const field = refusal.reason.startsWith('The return window') ? ['input', 'orderId'] : ['input', 'lines', String(refusal.index)];
      return refused(UserErrorCode.INVALID_QUANTITY, refusal.reason, field);
    }
    const request = tx.create(ReturnRequest, { order: agg.order, reason: input.reason, lines: input.lines });
    agg.returns.push(request);
    await commitOrderChange(tx, agg, 'shopper', OrderReturnRequested, (version) => ({
      orderId: agg.order.id,
      number: agg.order.number,
      version,
      customerId: agg.order.customerId ?? null,
      returnId: request.id,
      reason: input.reason,
      lines: eventLines(agg.items, input.lines),
    }));
    return { returnRequest: request, order: agg.order, items: agg.items, userErrors: [] };
  });
}

/** Loads a return request's order (locked) and moves the request to `to` if its machine allows it. */
async function moveReturn(
  tx: EntityManager,
  returnId: string,
  to: ReturnRequestState,
  change: (agg: OrderAggregate, request: ReturnRequest) => Promise<void>,
): Promise<ReturnResult> {
  const found = await tx.findOne(ReturnRequest, { id: returnId }, { fields: ['id', 'order'] });
  if (!found) return refused(UserErrorCode.NOT_FOUND, 'No such return request', ['input', 'returnId']);
  const agg = (await loadOrderAggregate(tx, found.order.id))!;
  const request = agg.returns.find((r) => r.id === returnId)!;
  try {
    RETURN_MACHINE.assert(request.state, to);
  } catch (error) {
    if (!(error instanceof TransitionError)) throw error;
    return { returnRequest: null, order: null, items: [], userErrors: [error.toUserError(['input', 'returnId'])] };
  }
  request.state = to;
  await change(agg, request);
  return { returnRequest: request, order: agg.order, items: agg.items, userErrors: [] };
}

/** Staff accept a return request; `order.return-approved`. */
export function approveReturn(em: EntityManager, returnId: string, now = new Date()): Promise<ReturnResult> {
  return em.transactional((tx) =>
    moveReturn(tx, returnId, ReturnRequestState.APPROVED, async (agg, request) => {
      request.decidedAt = now;
      await commitOrderChange(tx, agg, 'admin', OrderReturnApproved, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
        returnId: request.id,
      }));
    }),
  );
}

/** Staff decline a return request (its units may be asked back again); `order.return-declined`. */
export function declineReturn(em: EntityManager, returnId: string, reason: string | null, now = new Date()): Promise<ReturnResult> {
  return em.transactional((tx) =>
    moveReturn(tx, returnId, ReturnRequestState.DECLINED, async (agg, request) => {
      request.decidedAt = now;
      await commitOrderChange(tx, agg, 'admin', OrderReturnDeclined, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
        returnId: request.id,
        reason,
      }));
    }),
  );
}

/**
 * The approved lines arrived back; `order.return-received`, whose `restock` asks inventory to put
 * them back on the shelf when staff say so (damaged goods stay off it).
 */
export function receiveReturn(em: EntityManager, returnId: string, restock: boolean, now = new Date()): Promise<ReturnResult> {
  return em.transactional((tx) =>
    moveReturn(tx, returnId, ReturnRequestState.RECEIVED, async (agg, request) => {
      request.receivedAt = now;
      request.restock = restock;
      const lines = eventLines(agg.items, request.lines);
      await commitOrderChange(tx, agg, 'admin', OrderReturnReceived, (version) => ({
        orderId: agg.order.id,
        number: agg.order.number,
        version,
        customerId: agg.order.customerId ?? null,
        lines,
        restock: restock ? lines.map((l) => ({ ...l, warehouseId: null })) : [],
      }));
    }),
  );
}
