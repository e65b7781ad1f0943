import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { type RequestContext, RequiresPermission } from '@shopgraph/subgraph';
import { moveOrderMoney } from '../services/money-move.service.js';
import type { MoneyMoveInput } from '../steps/ports.js';
import { CaptureOrderPaymentInput, RefundOrderInput, VoidOrderPaymentInput } from './lifecycle.types.js';
import { Order, OrderPayload } from './types.js';

/** Runs a money move and maps its outcome to the order payload. */
async function moneyMove(ctx: RequestContext, input: MoneyMoveInput, idempotencyKey: string | null | undefined): Promise<OrderPayload> {
  const result = await moveOrderMoney(ctx.em, ctx.runtime, input, idempotencyKey ?? null);
  return { order: result.order ? Order.from(result.order) : null, userErrors: result.userErrors };
}

/** The staff's money operations on an order's payment: refund, capture and void. */
@Resolver()
export class MoneyResolver {
  @Mutation(() => OrderPayload, {
    description: 'Staff: gives money back by lines or by amount (at most captured − refunded), optionally restocking the lines.',
  })
  @RequiresPermission('payments:write')
  async refundOrder(@Arg('input', () => RefundOrderInput) input: RefundOrderInput, @Ctx() ctx: RequestContext): Promise<OrderPayload> {
    const lines = input.lines ? input.lines.map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity })) : null;
    const amountMinor = input.amountMinor != null ? String(input.amountMinor) : null;
    const move = {
      kind: 'REFUND' as const,
      orderId: input.orderId,
      lines,
      amountMinor,
      reason: input.reason ?? null,
      restock: input.restock,
    };
    return moneyMove(ctx, move, input.idempotencyKey);
  }

  @Mutation(() => OrderPayload, { description: "Staff: captures (part of) the order's authorized payment (at most what is authorized)." })
  @RequiresPermission('payments:write')
  async captureOrderPayment(
    @Arg('input', () => CaptureOrderPaymentInput) input: CaptureOrderPaymentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPayload> {
    const amountMinor = input.amountMinor != null ? String(input.amountMinor) : null;
    const move = { kind: 'CAPTURE' as const, orderId: input.orderId, lines: null, amountMinor, reason: null, restock: false };
    return moneyMove(ctx, move, input.idempotencyKey);
  }

  @Mutation(() => OrderPayload, { description: "Staff: voids what is authorized and not captured of the order's payment." })
  @RequiresPermission('payments:write')
  async voidOrderPayment(
    @Arg('input', () => VoidOrderPaymentInput) input: VoidOrderPaymentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPayload> {
    const move = { kind: 'VOID' as const, orderId: input.orderId, lines: null, amountMinor: null, reason: null, restock: false };
    return moneyMove(ctx, move, input.idempotencyKey);
  }
}
