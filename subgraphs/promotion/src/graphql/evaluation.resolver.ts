import { Arg, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { userError, UserErrorCode } from '@shopgraph/errors';
import type { RequestContext } from '@shopgraph/subgraph';
import { evaluateCart, redeemPromotions, reversePromotions } from '../services/redemption.service.js';
import {
  EvaluatePromotionsInput,
  PromotionCartInput,
  PromotionEvaluation,
  PromotionRedemption,
  PromotionRedemptionPayload,
  RedeemPromotionsInput,
  ReversePromotionsInput,
} from './evaluation.types.js';

/** Cart evaluation for shoppers, and redemption for the order service. */
@Resolver(() => PromotionEvaluation)
export class EvaluationResolver {
  @Query(() => PromotionEvaluation, {
    description: 'Promotions that apply to a cart now, best combination chosen; segment-only promotions need the order service.',
  })
  async applicablePromotions(
    @Arg('cart', () => PromotionCartInput) cart: PromotionCartInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PromotionEvaluation> {
    const customerId = ctx.identity.kind === 'customer' ? ctx.identity.customerId : null;
    return PromotionEvaluation.from(await evaluateCart(ctx.em, { cart: cart.toCart(customerId, []), codes: cart.codes }));
  }

  @Directive('@inaccessible')
  @Query(() => PromotionEvaluation, { description: "Internal: promotions of a known customer's cart (service credential)." })
  async evaluatePromotions(
    @Arg('input', () => EvaluatePromotionsInput) input: EvaluatePromotionsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PromotionEvaluation> {
    requireKind(ctx.identity, 'service');
    return PromotionEvaluation.from(
      await evaluateCart(ctx.em, { cart: input.cart.toCart(input.customerId ?? null, input.segments), codes: input.cart.codes }),
    );
  }

  @Directive('@inaccessible')
  @Mutation(() => PromotionRedemptionPayload, {
    description: 'Internal: redeems the best promotions for an order, once (service credential).',
  })
  async redeemPromotions(
    @Arg('input', () => RedeemPromotionsInput) input: RedeemPromotionsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PromotionRedemptionPayload> {
    requireKind(ctx.identity, 'service');
    const result = await redeemPromotions(ctx.em, {
      orderId: input.orderId,
      customerId: input.customerId,
      codes: input.cart.codes,
      cart: input.cart.toCart(input.customerId, input.segments),
    });
    const unknown = result.evaluation?.unknownCodes ?? [];
    return {
      redemptions: result.redemptions.map(PromotionRedemption.from),
      userErrors: unknown.map((code) =>
        userError(UserErrorCode.INVALID_PROMOTION_CODE, `Unknown promotion code: ${code}`, ['input', 'cart', 'codes']),
      ),
    };
  }

  @Directive('@inaccessible')
  @Mutation(() => PromotionRedemptionPayload, { description: 'Internal: gives back the promotions of an order (service credential).' })
  async reversePromotions(
    @Arg('input', () => ReversePromotionsInput) input: ReversePromotionsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PromotionRedemptionPayload> {
    requireKind(ctx.identity, 'service');
    return { redemptions: (await reversePromotions(ctx.em, input.orderId)).map(PromotionRedemption.from), userErrors: [] };
  }
}
