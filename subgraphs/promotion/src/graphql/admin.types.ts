import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar } from '@shopgraph/money';
import { CampaignType, DiscountType } from '../entities/index.js';
import type { UsageReport } from '../services/campaign-admin.service.js';
import { Promotion } from './types.js';

registerEnumType(CampaignType, {
  name: 'PromotionCampaignType',
  description: 'What a promotion discounts: the cart, catalog products, or a customer segment.',
});

/** A new campaign. */
@InputType({ description: 'A new promotion campaign.' })
export class CreateCampaignInput {
  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ nullable: true, description: 'What the shopper gets.' })
  description?: string;

  @Field(() => DiscountType, { description: 'How the promotion discounts.' })
  discountType!: DiscountType;

  @Field(() => CampaignType, { nullable: true, description: 'What the promotion discounts; CART by default.' })
  campaignType?: CampaignType;

  @Field({ nullable: true, description: 'Currency of every amount (ISO 4217); USD by default.' })
  currency?: string;

  @Field(() => Int, { nullable: true, description: 'Percentage in basis points (1-10000); required for PERCENTAGE.' })
  percentageBasisPoints?: number;

  @Field(() => BigIntScalar, { nullable: true, description: 'Amount off in minor units; required for FIXED_AMOUNT.' })
  fixedAmountMinor?: bigint;

  @Field(() => Int, { nullable: true, description: 'Units to buy; required for BUY_X_GET_Y.' })
  buyQuantity?: number;

  @Field(() => Int, { nullable: true, description: 'Units discounted; required for BUY_X_GET_Y.' })
  getQuantity?: number;

  @Field(() => BigIntScalar, { nullable: true, description: 'Minimum order amount in minor units.' })
  minimumOrderAmountMinor?: bigint;

  @Field(() => BigIntScalar, { nullable: true, description: 'Cap of the discount in minor units.' })
  maximumDiscountAmountMinor?: bigint;

  @Field({ nullable: true, description: 'Start; the epoch (always running) by default.' })
  startsAt?: Date;

  @Field(() => Date, { nullable: true, description: 'End; must be after startsAt; open-ended if omitted.' })
  endsAt?: Date;

  @Field(() => [ID], { nullable: true, description: 'Products covered; empty means every product.' })
  productIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Categories covered.' })
  categoryIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Products excluded.' })
  excludedProductIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Categories excluded.' })
  excludedCategoryIds?: string[];

  @Field(() => [String], { nullable: true, description: 'Customer segments the promotion is limited to.' })
  customerSegments?: string[];

  @Field(() => Int, { nullable: true, description: 'Total redemptions allowed.' })
  usageLimit?: number;

  @Field(() => Int, { nullable: true, description: 'Redemptions allowed per customer.' })
  perCustomerLimit?: number;

  @Field(() => BigIntScalar, { nullable: true, description: 'Total discount allowed in minor units.' })
  budgetMinor?: bigint;

  @Field({ nullable: true, description: 'Whether a code is needed.' })
  requiresCode?: boolean;

  @Field({ nullable: true, description: 'Whether it combines with no other promotion.' })
  exclusive?: boolean;

  @Field(() => Int, { nullable: true, description: 'Higher wins ties.' })
  priority?: number;

  @Field({ nullable: true, description: 'Whether it is switched on; true by default.' })
  active?: boolean;
}

/** Changes of a campaign's rules: omitted fields stay, null clears an optional one. */
@InputType({ description: 'Changes to a promotion campaign; omitted fields are kept, null clears an optional field.' })
export class UpdateCampaignInput {
  @Field(() => ID, { description: 'The campaign to change.' })
  id!: string;

  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => DiscountType, { nullable: true }) discountType?: DiscountType | null;
  @Field(() => CampaignType, { nullable: true }) campaignType?: CampaignType | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Int, { nullable: true }) percentageBasisPoints?: number | null;
  @Field(() => BigIntScalar, { nullable: true }) fixedAmountMinor?: bigint | null;
  @Field(() => Int, { nullable: true }) buyQuantity?: number | null;
  @Field(() => Int, { nullable: true }) getQuantity?: number | null;
  @Field(() => BigIntScalar, { nullable: true }) minimumOrderAmountMinor?: bigint | null;
  @Field(() => BigIntScalar, { nullable: true }) maximumDiscountAmountMinor?: bigint | null;
  @Field(() => Date, { nullable: true }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true }) endsAt?: Date | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) categoryIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedProductIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedCategoryIds?: string[] | null;
  @Field(() => [String], { nullable: true }) customerSegments?: string[] | null;
  @Field(() => Int, { nullable: true }) usageLimit?: number | null;
  @Field(() => Int, { nullable: true }) perCustomerLimit?: number | null;
  @Field(() => BigIntScalar, { nullable: true }) budgetMinor?: bigint | null;
  @Field(() => Boolean, { nullable: true }) requiresCode?: boolean | null;
  @Field(() => Boolean, { nullable: true }) exclusive?: boolean | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

/** The campaign to switch off. */
@InputType({ description: 'The campaign to deactivate (archive).' })
export class DeactivateCampaignInput {
  @Field(() => ID, { description: 'The campaign.' })
  id!: string;
}

/** Codes to generate. */
@InputType({ description: 'Coupon codes to generate for a campaign.' })
export class GenerateCouponCodesInput {
  @Field(() => ID, { description: 'The campaign the codes unlock.' })
  campaignId!: string;

  @Field(() => Int, { description: 'How many codes (1-10000).' })
  count!: number;

  @Field({ defaultValue: '', description: 'Prefix of every code (letters, digits, dashes; up to 20).' })
  prefix!: string;

  @Field({ defaultValue: true, description: 'Whether each code is spent by its first redemption.' })
  singleUse!: boolean;
}

/** Result of a campaign change. */
@ObjectType({ description: 'Result of a promotion change.' })
export class CampaignPayload {
  @Field(() => Promotion, { nullable: true, description: 'The campaign after the change; null when it failed.' })
  promotion!: Promotion | null;

  @Field(() => [UserError], { description: 'Business errors; none means it succeeded.' })
  userErrors!: UserError[];
}

/** Result of code generation. */
@ObjectType({ description: 'Result of coupon code generation.' })
export class GenerateCouponCodesPayload {
  @Field(() => [String], { description: 'The new codes (lower-case); empty when it failed.' })
  codes!: string[];

  @Field(() => [UserError], { description: 'Business errors; none means it succeeded.' })
  userErrors!: UserError[];
}

/** Usage of a campaign. */
@ObjectType({ description: 'Usage of a promotion campaign.' })
export class PromotionUsageReport {
  @Field(() => ID, { description: 'The campaign.' })
  promotionId!: string;

  @Field(() => Int, { description: 'Redemptions counting against the usage limit.' })
  usageCount!: number;

  @Field(() => Int, { nullable: true, description: 'The usage limit, if any.' })
  usageLimit!: number | null;

  @Field(() => BigIntScalar, { description: 'Discount given so far in minor units.' })
  budgetUsedMinor!: bigint;

  @Field(() => BigIntScalar, { nullable: true, description: 'The budget in minor units, if any.' })
  budgetMinor!: bigint | null;

  @Field({ description: 'Currency of the amounts.' })
  currency!: string;

  @Field(() => Int, { description: 'Redemptions in the ledger that still count.' })
  redemptionsCount!: number;

  @Field(() => Int, { description: 'Redemptions reversed.' })
  reversedCount!: number;

  /** Maps a report. */
  static from(r: UsageReport): PromotionUsageReport {
    const { campaignId, ...rest } = r;
    return Object.assign(new PromotionUsageReport(), { promotionId: campaignId, ...rest });
  }
}
