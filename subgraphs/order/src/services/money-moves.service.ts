import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { UserErrorCode } from '@shopgraph/errors';
import { lineProgress, remainingToFulfil } from '../domain/fulfilment.js';
import { OrderState } from '../domain/order-process.js';
import type { PaymentEventType } from '../domain/payment-ledger.js';
import { captureRefusal, refundRefusal } from '../domain/payment-status.js';
import { refundLinesRefusal, refundOfLines } from '../domain/refund.js';
import { Refund } from '../entities/index.js';
import { OrderPaymentCaptured, OrderPaymentVoided, OrderRefunded } from '../events/order.events.js';
import type { LedgerState, MoneyMoveInput, MoneyMoveKind, MoneyMovePlan, Refusal } from '../steps/ports.js';
import { type OrderAggregate, commitOrderChange, eventLines, lineFactsOf, loadOrderAggregate } from './order-lifecycle.service.js';
import { recordFact } from './payment-ledger.service.js';

/** The ledger facts of a move's request and of its failure. */
const FACTS: Record<MoneyMoveKind, { request: PaymentEventType; failure: PaymentEventType }> = {
  REFUND: { request: 'REFUND_REQUEST', failure: 'REFUND_FAILURE' },
  CAPTURE: { request: 'CHARGE_REQUEST', failure: 'CHARGE_FAILURE' },
  VOID: { request: 'CANCEL_REQUEST', failure: 'CANCEL_FAILURE' },
};

/** What a payment can still give to a move of `kind`, pending requests counted. */
function available(kind: MoneyMoveKind, s: LedgerState): bigint {
  if (kind === 'REFUND') return s.charged - s.refunded - s.refundPending;
  return s.authorized - s.chargePending - s.cancelPending;
}

type Amount = { amount: bigint } | Refusal;

/** The amount of a move, or why it is refused (the guards of domain/payment-status.ts and domain/refund.ts). */
function amountOf(agg: OrderAggregate, input: MoneyMoveInput): Amount {
  const field = ['input', input.lines ? 'lines' : 'amountMinor'];
  const held = (kind: MoneyMoveKind) => agg.payments.reduce((n, p) => n + available(kind, p.state), 0n);
  if (input.kind === 'VOID') {
    const amount = held('VOID');
    return amount > 0n
      ? { amount }
      : { code: UserErrorCode.INVALID_STATUS_TRANSITION, message: 'Nothing is authorized to void', field: ['input', 'orderId'] };
  }
  if (input.kind === 'CAPTURE') {
    const authorized = held('CAPTURE');
    if (authorized === 0n)
      return { code: UserErrorCode.INVALID_STATUS_TRANSITION, message: 'Nothing is authorized to capture', field: ['input', 'orderId'] };
    const amount = input.amountMinor === null ? authorized : BigInt(input.amountMinor);
    const refusal = captureRefusal({ authorized, captured: 0n, refunded: 0n, voided: 0n }, amount);
    return refusal ? { code: UserErrorCode.INVALID_INPUT, message: refusal, field } : { amount };
  }
  if ((input.lines === null) === (input.amountMinor === null)) {
    return { code: UserErrorCode.INVALID_INPUT, message: 'Give either lines or an amount to refund', field: ['input'] };
  }
  let amount: bigint;
  if (input.lines) {
    const refusal = refundLinesRefusal(agg.items, input.lines);
    if (refusal) return { code: UserErrorCode.INVALID_QUANTITY, message: refusal.reason, field: ['input', 'lines', String(refusal.index)] };
    amount = refundOfLines(agg.items, agg.order.exclusiveTaxMinor, input.lines);
  } else {
    amount = BigInt(input.amountMinor!);
  }
  const refusal = refundRefusal({ authorized: 0n, captured: held('REFUND'), refunded: 0n, voided: 0n }, amount);
  return refusal ? { code: UserErrorCode.INVALID_INPUT, message: refusal, field } : { amount };
}

/** See `LifecyclePort.beginMoneyMove`. */
export async function beginMoneyMove(tx: EntityManager, input: MoneyMoveInput, key: string): Promise<MoneyMovePlan | Refusal> {
  const agg = await loadOrderAggregate(tx, input.orderId);
  if (!agg) return { code: UserErrorCode.NOT_FOUND, message: 'No such order', field: ['input', 'orderId'] };
  if (agg.order.state === OrderState.PENDING) {
    const message = 'The order is PENDING: its confirmation settles the payment';
    return { code: UserErrorCode.INVALID_STATUS_TRANSITION, message, field: ['input', 'orderId'] };
  }
  const decided = amountOf(agg, input);
  if ('code' in decided) return decided;
  const { amount } = decided;
  const payment = agg.payments.find((p) => p.state.pspReference && available(input.kind, p.state) >= amount);
  if (!payment) return { code: UserErrorCode.INVALID_INPUT, message: 'No single payment holds that much', field: ['input'] };
  let refundId: string | null = null;
  if (input.kind === 'REFUND') {
    const refund = tx.create(Refund, {
      order: agg.order,
      kind: 'REFUND',
      amountMinor: amount,
      reason: input.reason,
      lines: input.lines ?? [],
      restock: input.restock,
    });
    await tx.flush();
    refundId = refund.id;
  }
  const pspReference = payment.state.pspReference!;
  await recordFact(PreparedSql.ofTransaction(tx), payment.payment.id, {
    type: FACTS[input.kind].request,
    amountMinor: amount,
    idempotencyKey: key,
    pspReference,
  });
  return {
    kind: input.kind,
    refundId,
    orderId: agg.order.id,
    paymentId: payment.payment.id,
    pspReference,
    currency: agg.order.currency,
    amountMinor: String(amount),
    reason: input.reason,
  };
}

/** See `LifecyclePort.abandonMoneyMove`. */
export async function abandonMoneyMove(em: EntityManager, plan: MoneyMovePlan, key: string): Promise<void> {
  await em.transactional(async (tx) => {
    await recordFact(PreparedSql.ofTransaction(tx), plan.paymentId, {
      type: FACTS[plan.kind].failure,
      amountMinor: BigInt(plan.amountMinor),
      idempotencyKey: key,
      pspReference: plan.pspReference,
      code: 'refused',
      message: `The provider refused the ${plan.kind.toLowerCase()}`,
    });
    if (plan.refundId) await tx.nativeDelete(Refund, { id: plan.refundId });
  });
}

/**
 * See `LifecyclePort.finishMoneyMove`. Units refunded before they were fulfilled are taken off the
 * order (never fulfilled from then on); `order.refunded` carries the restock lines when asked.
 */
export async function finishMoneyMove(tx: EntityManager, input: MoneyMoveInput, plan: MoneyMovePlan): Promise<void> {
  const agg = (await loadOrderAggregate(tx, input.orderId))!;
  const { order } = agg;
  const base = { orderId: order.id, number: order.number, currency: plan.currency, amountMinor: plan.amountMinor };
  if (plan.kind === 'CAPTURE') return commitOrderChange(tx, agg, 'admin', OrderPaymentCaptured, (version) => ({ ...base, version }));
  if (plan.kind === 'VOID') return commitOrderChange(tx, agg, 'admin', OrderPaymentVoided, (version) => ({ ...base, version }));
  const progress = lineProgress(agg.items, lineFactsOf(agg.fulfilments));
  for (const line of input.lines ?? []) {
    const item = agg.items.find((i) => i.id === line.orderItemId)!;
    item.cancelledQuantity += Math.min(line.quantity, remainingToFulfil(progress.get(item.id)!));
  }
  const lines = eventLines(agg.items, input.lines ?? []);
  await commitOrderChange(tx, agg, 'admin', OrderRefunded, (version) => ({
    ...base,
    version,
    customerId: order.customerId ?? null,
    email: order.email ?? null,
    refundId: plan.refundId!,
    reason: plan.reason,
    restock: input.restock ? lines.map((l) => ({ ...l, warehouseId: null })) : [],
  }));
}
