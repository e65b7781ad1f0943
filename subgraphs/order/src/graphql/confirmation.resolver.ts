import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { type CurrencyCode, MoneyType, money } from '@shopgraph/money';
import { type RunSnapshot, SagaError } from '@shopgraph/saga';
import type { RequestContext } from '@shopgraph/subgraph';
import type { CheckoutAddress as CheckoutAddressData } from '../domain/checkout-state.js';
import type { OrderDiscountRecord } from '../domain/order-snapshot.js';
import { confirmCheckout } from '../services/confirm-checkout.service.js';
import { orderServices } from '../services/order-services.js';
import type { ConfirmInput } from '../steps/ports.js';
import { shopperOf, toSession } from './checkout.resolver.js';
import { CheckoutAddress, CheckoutDiscount, CheckoutDiscountKind, PromotionRef } from './checkout.types.js';
import {
  CheckoutSagaPayload,
  CheckoutSagaRun,
  ConfirmCheckoutInput,
  ConfirmCheckoutPayload,
  OrderPayment,
  OrderShippingMethod,
  PaymentNextAction,
} from './confirmation.types.js';
import { orderLoaders } from './loaders.js';
import { Order } from './types.js';

function toRun(run: RunSnapshot): CheckoutSagaRun {
  const input = run.input as ConfirmInput;
  return Object.assign(new CheckoutSagaRun(), {
    id: run.id,
    checkoutSessionId: input.sessionId,
    orderId: input.orderId,
    status: run.status,
    stepId: run.stepId,
    phase: run.phase,
    attempts: run.attempts,
    lastError: run.error ? `${run.error.code}: ${run.error.message}` : null,
    note: run.note,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  });
}

async function sagaAction(action: () => Promise<RunSnapshot>): Promise<CheckoutSagaPayload> {
  try {
    return { run: toRun(await action()), userErrors: [] };
  } catch (error) {
    if (error instanceof SagaError) {
      const code = error.code === 'RUN_NOT_FOUND' ? UserErrorCode.NOT_FOUND : UserErrorCode.INVALID_STATUS_TRANSITION;
      return { run: null, userErrors: [userError(code, error.message, ['input', 'id'])] };
    }
    throw error;
  }
}

/** The confirmation of a checkout into an order, what the order shows of it, and the staff's view of stuck runs. */
@Resolver(() => Order)
export class ConfirmationResolver {
  @Mutation(() => ConfirmCheckoutPayload, {
    description:
      'The only way an order is born: confirms an open checkout session. The totals are recomputed (never taken from the client); the stock is held, promotions and points redeemed, the card authorized, the order created and the payment captured, each step undone on a refusal. Idempotent by `idempotencyKey`.',
  })
  async confirmCheckout(
    @Arg('input', () => ConfirmCheckoutInput) input: ConfirmCheckoutInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConfirmCheckoutPayload> {
    const outcome = await confirmCheckout(ctx.em, ctx.runtime, shopperOf(ctx.identity), input);
    return {
      state: outcome.state,
      order: outcome.order ? Order.from(outcome.order) : null,
      nextAction: outcome.nextAction ? Object.assign(new PaymentNextAction(), outcome.nextAction) : null,
      checkoutSession: outcome.checkout ? toSession(outcome.checkout) : null,
      declineCode: outcome.declineCode,
      userErrors: outcome.userErrors,
    };
  }

  @Query(() => [CheckoutSagaRun], { description: 'Admin: confirmation runs that need attention, and runs not finished after 5 minutes.' })
  @RequiresPermission('orders:read')
  async stuckCheckoutSagas(@Ctx() ctx: RequestContext): Promise<CheckoutSagaRun[]> {
    return (await orderServices(ctx.runtime).sagas.listStuck()).map(toRun);
  }

  @Mutation(() => CheckoutSagaPayload, {
    description: 'Admin: retries a run that needs attention (its attempts reset), once the fault that stopped it is fixed.',
  })
  @RequiresPermission('payments:write')
  async retryCheckoutSaga(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<CheckoutSagaPayload> {
    return sagaAction(() => orderServices(ctx.runtime).sagas.retry(id, { budgetMs: orderServices(ctx.runtime).config.CONFIRM_BUDGET_MS }));
  }

  @Mutation(() => CheckoutSagaPayload, {
    description: 'Admin: marks a run that needs attention as settled by hand, with a note kept on the run.',
  })
  @RequiresPermission('payments:write')
  async resolveCheckoutSaga(
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CheckoutSagaPayload> {
    if (note.trim().length === 0 || note.length > 1000)
      return { run: null, userErrors: [userError(UserErrorCode.INVALID_INPUT, 'Say what was done (1-1000 characters)', ['note'])] };
    return sagaAction(() => orderServices(ctx.runtime).sagas.resolve(id, note.trim()));
  }

  @FieldResolver(() => CheckoutAddress, { nullable: true, description: 'Where the order ships.' })
  shippingAddress(@Root() order: Order): CheckoutAddress | null {
    return order.entity.shippingAddress ? CheckoutAddress.from(order.entity.shippingAddress as CheckoutAddressData) : null;
  }

  @FieldResolver(() => CheckoutAddress, { nullable: true, description: 'Where the order is billed.' })
  billingAddress(@Root() order: Order): CheckoutAddress | null {
    return order.entity.billingAddress ? CheckoutAddress.from(order.entity.billingAddress as CheckoutAddressData) : null;
  }

  @FieldResolver(() => OrderShippingMethod, { nullable: true, description: 'The shipping method chosen at checkout.' })
  shippingMethod(@Root() order: Order): OrderShippingMethod | null {
    const { shippingMethodCode: code, shippingMethodName: name } = order.entity;
    return code ? Object.assign(new OrderShippingMethod(), { code, name: name ?? code }) : null;
  }

  @FieldResolver(() => [CheckoutDiscount], {
    description: 'Each discount: promotions with their codes, the tier benefit, then loyalty points.',
  })
  discounts(@Root() order: Order): CheckoutDiscount[] {
    const m = (minor: string) => MoneyType.from(money(BigInt(minor), order.currency));
    return (order.entity.discounts as OrderDiscountRecord[]).map((d) =>
      Object.assign(new CheckoutDiscount(), {
        kind: CheckoutDiscountKind[d.kind],
        promotion: d.promotionId ? Object.assign(new PromotionRef(), { id: d.promotionId }) : null,
        code: d.code,
        points: d.points,
        amount: m(d.amountMinor),
      }),
    );
  }

  @FieldResolver(() => OrderPayment, { nullable: true, description: 'How the order is paid, with the amounts of the payment ledger.' })
  async payment(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderPayment | null> {
    const payments = await orderLoaders(ctx).payments.load(order.id);
    const last = payments.at(-1);
    if (!last) return null;
    const m = (minor: bigint) => MoneyType.from(money(minor, last.payment.currency as CurrencyCode));
    return Object.assign(new OrderPayment(), {
      id: last.payment.id,
      brand: last.payment.cardBrand,
      last4: last.payment.cardLast4,
      status: last.state.status,
      authorized: m(last.state.authorized),
      captured: m(last.state.charged),
      refunded: m(last.state.refunded),
    });
  }
}
