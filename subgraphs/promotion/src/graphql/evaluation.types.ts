import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BadUserInputError, UserError } from '@shopgraph/errors';
import { BigIntScalar, type CurrencyCode, CurrencyCodeEnum, money, MoneyType } from '@shopgraph/money';
import type { AppliedPromotion, PromotionCart, PromotionResult } from '../domain/promotion-rules.js';
import { RejectionReason } from '../domain/promotion-rules.js';
import type { Redemption } from '../entities/index.js';

registerEnumType(RejectionReason, { name: 'PromotionRejectionReason', description: 'Why a promotion does not apply to a cart.' });

/** One line of a cart to price promotions for. */
@InputType({ description: 'A cart line to evaluate promotions for.' })
export class PromotionCartLineInput {
  @Field(() => ID, { description: 'The cart line id, echoed in allocations.' })
  lineId!: string;

  @Field(() => ID, { description: 'The product of the line.' })
  productId!: string;

  @Field(() => [ID], { defaultValue: [], description: 'Categories of the product.' })
  categoryIds!: string[];

  @Field(() => Int, { description: 'Units on the line.' })
  quantity!: number;

  @Field(() => BigIntScalar, { description: 'Unit price in minor units of the cart currency.' })
  unitPriceMinor!: bigint;
}

/** A cart to price promotions for. */
@InputType({ description: 'A cart to evaluate promotions for.' })
export class PromotionCartInput {
  @Field(() => [PromotionCartLineInput], { description: 'The lines of the cart.' })
  lines!: PromotionCartLineInput[];

  @Field(() => CurrencyCodeEnum, { description: 'Currency of every amount of the cart.' })
  currencyCode!: CurrencyCode;

  @Field(() => BigIntScalar, { defaultValue: 0n, description: 'Shipping cost in minor units.' })
  shippingAmountMinor!: bigint;

  @Field(() => [String], { defaultValue: [], description: 'Promotion codes entered by the shopper (any case).' })
  codes!: string[];

  /**
   * The engine's cart for a customer (null for a guest) and their segments. Amounts and quantities
   * a cart cannot hold (a negative price or shipping, no units) are refused as BAD_USER_INPUT
   * naming the field, before the engine, whose allocations assume non-negative weights, sees them.
   */
  toCart(customerId: string | null, segments: readonly string[]): PromotionCart {
    this.lines.forEach((line, i) => {
      if (line.quantity < 1) throw new BadUserInputError('A cart line holds at least one unit', ['cart', 'lines', String(i), 'quantity']);
      if (line.unitPriceMinor < 0n)
        throw new BadUserInputError('A unit price cannot be negative', ['cart', 'lines', String(i), 'unitPriceMinor']);
    });
    if (this.shippingAmountMinor < 0n)
      throw new BadUserInputError('Shipping cannot cost less than nothing', ['cart', 'shippingAmountMinor']);
    const currency = this.currencyCode;
    return {
      lines: this.lines.map((l) => ({
        lineId: l.lineId,
        productId: l.productId,
        categoryIds: l.categoryIds,
        quantity: l.quantity,
        unitPrice: money(l.unitPriceMinor, currency),
      })),
      customerId,
      segments,
      currency,
      shippingAmount: money(this.shippingAmountMinor, currency),
    };
  }
}

/** Part of a discount on one line. */
@ObjectType({ description: 'The part of a discount that falls on one cart line.' })
export class PromotionLineAllocation {
  @Field(() => ID, { description: 'The cart line id.' })
  lineId!: string;

  @Field(() => MoneyType, { description: 'Discount on this line.' })
  amount!: MoneyType;
}

/** A promotion that applies to the cart. */
@ObjectType('AppliedPromotion', { description: 'A promotion that applies to a cart, with its discount.' })
export class AppliedPromotionType {
  @Field(() => ID, { description: 'The promotion id.' })
  promotionId!: string;

  @Field(() => String, { nullable: true, description: 'The code that unlocked it (lower-cased), if one was needed.' })
  code!: string | null;

  @Field(() => MoneyType, { description: 'Total discount of the promotion.' })
  amount!: MoneyType;

  @Field(() => [PromotionLineAllocation], { description: 'How the discount splits over lines; sums exactly with the shipping part.' })
  lines!: PromotionLineAllocation[];

  @Field(() => MoneyType, { description: 'Discount on shipping.' })
  shippingAmount!: MoneyType;

  /** Maps the engine's result. */
  static from(a: AppliedPromotion): AppliedPromotionType {
    return Object.assign(new AppliedPromotionType(), {
      promotionId: a.campaignId,
      code: a.code,
      amount: MoneyType.from(a.amount),
      lines: a.lines.map((l) => ({ lineId: l.lineId, amount: MoneyType.from(l.amount) })),
      shippingAmount: MoneyType.from(a.shippingAmount),
    });
  }
}

/** A promotion that does not apply, and why. */
@ObjectType('RejectedPromotion', { description: 'A promotion that does not apply to a cart, and why.' })
export class RejectedPromotionType {
  @Field(() => ID, { description: 'The promotion id.' })
  promotionId!: string;

  @Field(() => RejectionReason, { description: 'Why it does not apply.' })
  reason!: RejectionReason;
}

/** The promotions of a cart. */
@ObjectType({ description: 'Which promotions apply to a cart, with the best combination chosen.' })
export class PromotionEvaluation {
  @Field(() => [AppliedPromotionType], { description: 'Promotions applied, in the order they were applied.' })
  applied!: AppliedPromotionType[];

  @Field(() => [RejectedPromotionType], { description: 'Promotions that do not apply.' })
  rejected!: RejectedPromotionType[];

  @Field(() => MoneyType, { description: 'Sum of every applied discount.' })
  totalDiscount!: MoneyType;

  @Field(() => [String], { description: 'Entered codes that match no promotion.' })
  unknownCodes!: string[];

  /** Maps the engine's result. */
  static from(r: PromotionResult): PromotionEvaluation {
    return Object.assign(new PromotionEvaluation(), {
      applied: r.applied.map(AppliedPromotionType.from),
      rejected: r.rejected.map((x) => ({ promotionId: x.campaignId, reason: x.reason })),
      totalDiscount: MoneyType.from(r.totalDiscount),
      unknownCodes: r.unknownCodes,
    });
  }
}

/** Who a service evaluates or redeems for. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: a cart of a known customer.' })
export class EvaluatePromotionsInput {
  @Field(() => PromotionCartInput, { description: 'The cart.' })
  cart!: PromotionCartInput;

  @Field(() => ID, { nullable: true, description: 'The customer; null for a guest.' })
  customerId?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'Segments of the customer.' })
  segments!: string[];
}

/** What an order redeems. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: redeem the best promotions for an order.' })
export class RedeemPromotionsInput {
  @Field(() => ID, { description: 'The order; redeeming it again returns the first redemption.' })
  orderId!: string;

  @Field(() => ID, { description: 'The customer placing the order.' })
  customerId!: string;

  @Field(() => [String], { defaultValue: [], description: 'Segments of the customer.' })
  segments!: string[];

  @Field(() => PromotionCartInput, { description: 'The cart of the order.' })
  cart!: PromotionCartInput;
}

/** Which order to reverse. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: give back the promotions of an order.' })
export class ReversePromotionsInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;
}

/** One ledger row. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: one promotion redeemed by an order.' })
export class PromotionRedemption {
  @Field(() => ID, { description: 'The promotion id.' })
  promotionId!: string;

  @Field(() => String, { nullable: true, description: 'The code used, if any.' })
  code!: string | null;

  @Field(() => BigIntScalar, { description: 'Discount in minor units of the order currency.' })
  amountMinor!: bigint;

  @Field({ description: 'Whether it still counts (false once reversed).' })
  redeemed!: boolean;

  /** Maps a ledger row. */
  static from(r: Redemption): PromotionRedemption {
    return Object.assign(new PromotionRedemption(), {
      promotionId: r.campaign.id,
      code: r.code ?? null,
      amountMinor: BigInt(r.amountMinor),
      redeemed: r.status === 'REDEEMED',
    });
  }
}

/** Result of redeeming or reversing. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: the promotions an order redeemed or gave back.' })
export class PromotionRedemptionPayload {
  @Field(() => [PromotionRedemption], { description: 'Ledger rows touched.' })
  redemptions!: PromotionRedemption[];

  @Field(() => [UserError], { description: 'Business errors; none means it succeeded.' })
  userErrors!: UserError[];
}
