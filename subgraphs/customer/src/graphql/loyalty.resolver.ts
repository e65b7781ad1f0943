import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { MoneyType } from '@shopgraph/money';
import type { RequestContext } from '@shopgraph/subgraph';
import { customerConfig } from '../config.js';
import { pointsValue } from '../domain/loyalty.js';
import { assertCanReadCustomer } from './guards.js';
import { checkoutFacts } from '../services/checkout-context.service.js';
import {
  type LoyaltyResult,
  adjustPoints,
  earnPoints,
  loyaltyStatement,
  redeemPoints,
  reversePoints,
} from '../services/loyalty.service.js';
import { Address } from './address.types.js';
import { TierBenefits } from './standing.types.js';
import {
  AdjustLoyaltyPointsInput,
  CheckoutContext,
  LoyaltyAccount,
  LoyaltyEntry,
  LoyaltyPayload,
  OrderPointsInput,
  ReversePointsInput,
} from './loyalty.types.js';
import { Customer } from './types.js';

function payload(result: LoyaltyResult): LoyaltyPayload {
  return { entry: result.entry ? LoyaltyEntry.from(result.entry) : null, balance: result.balance ?? null, userErrors: result.userErrors };
}

function value(ctx: RequestContext, points: number): MoneyType {
  return MoneyType.from(pointsValue(points, customerConfig().LOYALTY_POINT_VALUE_MINOR, ctx.runtime.config.BASE_CURRENCY));
}

/** The loyalty ledger: customers read theirs, the order saga earns and redeems, admins correct. */
@Resolver(() => Customer)
export class LoyaltyResolver {
  @FieldResolver(() => LoyaltyAccount, { description: 'Loyalty points. Readable by the customer, admins and services.' })
  async loyalty(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<LoyaltyAccount> {
    assertCanReadCustomer(ctx.identity, customer.id);
    const { points, entries } = await loyaltyStatement(ctx.em, customer.id);
    return { points, value: value(ctx, points), entries: entries.map(LoyaltyEntry.from) };
  }

  @Directive('@inaccessible')
  @Mutation(() => LoyaltyPayload, {
    description: 'Internal (order saga): credits points for an order, multiplied by the customer tier; repeated calls change nothing.',
  })
  async earnPoints(@Arg('input', () => OrderPointsInput) input: OrderPointsInput, @Ctx() ctx: RequestContext): Promise<LoyaltyPayload> {
    requireKind(ctx.identity, 'service');
    return payload(
      await earnPoints(ctx.em, {
        customerId: input.customerId,
        orderId: input.orderId,
        points: input.points,
        orderAmountMinor: input.orderAmountMinor ?? null,
      }),
    );
  }

  @Directive('@inaccessible')
  @Mutation(() => LoyaltyPayload, { description: 'Internal (order saga): spends points on an order; repeated calls change nothing.' })
  async redeemPoints(@Arg('input', () => OrderPointsInput) input: OrderPointsInput, @Ctx() ctx: RequestContext): Promise<LoyaltyPayload> {
    requireKind(ctx.identity, 'service');
    return payload(await redeemPoints(ctx.em, input.customerId, input.orderId, input.points));
  }

  @Directive('@inaccessible')
  @Mutation(() => LoyaltyPayload, {
    description: 'Internal (order saga): undoes the points an order earned and redeemed; repeated calls change nothing.',
  })
  async reversePoints(
    @Arg('input', () => ReversePointsInput) input: ReversePointsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LoyaltyPayload> {
    requireKind(ctx.identity, 'service');
    return payload(await reversePoints(ctx.em, input.customerId, input.orderId));
  }

  @Mutation(() => LoyaltyPayload, { description: 'Admin: corrects a customer loyalty balance, with a reason.' })
  @RequiresPermission('customers:write')
  async adjustLoyaltyPoints(
    @Arg('input', () => AdjustLoyaltyPointsInput) input: AdjustLoyaltyPointsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LoyaltyPayload> {
    return payload(await adjustPoints(ctx.em, input.customerId, input.points, input.reason));
  }

  @Directive('@inaccessible')
  @Query(() => CheckoutContext, {
    nullable: true,
    description: 'Internal (order saga): addresses, saved cards, loyalty, segments and tier benefits of a customer.',
  })
  async checkoutContext(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RequestContext): Promise<CheckoutContext | null> {
    requireKind(ctx.identity, 'service');
    const facts = await checkoutFacts(ctx.em, customerId);
    if (!facts) return null;
    const { standing } = facts;
    return {
      customerId: facts.customerId,
      email: facts.email,
      addresses: facts.addresses.map((a) => Object.assign(new Address(), a)),
      paymentMethods: facts.paymentMethods,
      loyaltyPoints: facts.loyaltyPoints,
      loyaltyValue: value(ctx, facts.loyaltyPoints),
      segments: standing.segments,
      tier: standing.tier,
      benefits: TierBenefits.from(standing.benefits),
    };
  }
}
