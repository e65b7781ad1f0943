import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar, MoneyType } from '@shopgraph/money';
import { LoyaltyEntryKind } from '../domain/loyalty.js';
import { LoyaltyTier } from '../domain/standing.js';
import type { LoyaltyEntry as LoyaltyEntryEntity } from '../entities/index.js';
import { Address } from './address.types.js';
import { TierBenefits } from './standing.types.js';

registerEnumType(LoyaltyEntryKind, { name: 'LoyaltyEntryKind', description: 'Why loyalty points moved.' });

/** One movement of loyalty points. */
@ObjectType({ description: 'One movement of loyalty points.' })
export class LoyaltyEntry {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => LoyaltyEntryKind, { description: 'Why the points moved.' })
  kind!: LoyaltyEntryKind;

  @Field(() => Int, { description: 'Signed: positive credits, negative debits.' })
  points!: number;

  @Field(() => ID, { nullable: true, description: 'The order it belongs to, if any.' })
  orderId!: string | null;

  @Field(() => String, { nullable: true, description: 'Human-readable reason.' })
  reason!: string | null;

  @Field({ description: 'When the points moved.' })
  createdAt!: Date;

  /** Maps an entity to its GraphQL shape. */
  static from(e: LoyaltyEntryEntity): LoyaltyEntry {
    return Object.assign(new LoyaltyEntry(), {
      id: e.id,
      kind: e.kind,
      points: e.points,
      orderId: e.orderId,
      reason: e.reason,
      createdAt: e.createdAt,
    });
  }
}

/** A customer's loyalty account. */
@ObjectType({ description: 'Loyalty points of a customer.' })
export class LoyaltyAccount {
  @Field(() => Int, { description: 'Points available.' })
  points!: number;

  @Field(() => MoneyType, { description: 'What the available points are worth at checkout.' })
  value!: MoneyType;

  @Field(() => [LoyaltyEntry], { description: 'Latest ledger entries, newest first (at most 50).' })
  entries!: LoyaltyEntry[];
}

/** Input of the order saga's earn and redeem calls. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: points of a customer for an order.' })
export class OrderPointsInput {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => ID, { description: 'The order; one entry of each kind per order.' })
  orderId!: string;

  @Field(() => Int, { description: 'Positive number of points; for earnPoints the base points, before the tier multiplier.' })
  points!: number;

  @Field(() => BigIntScalar, {
    nullable: true,
    description: "earnPoints only: the order's amount in minor units of the base currency (counts toward spend-based segments).",
  })
  orderAmountMinor?: bigint | null;
}

/** Input of `reversePoints`. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: the order whose points to undo.' })
export class ReversePointsInput {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => ID, { description: 'The order.' })
  orderId!: string;
}

/** Result of a ledger change. */
@ObjectType({ description: 'Result of a loyalty ledger change.' })
export class LoyaltyPayload {
  @Field(() => LoyaltyEntry, {
    nullable: true,
    description: 'The entry written, or found for a repeated call; null on failure or when nothing was due.',
  })
  entry!: LoyaltyEntry | null;

  @Field(() => Int, { nullable: true, description: 'Balance after the change; null on failure.' })
  balance!: number | null;

  @Field(() => [UserError], { description: 'Why the change failed, if it did.' })
  userErrors!: UserError[];
}

/** Input of `adjustLoyaltyPoints`. */
@InputType({ description: 'Input of adjustLoyaltyPoints.' })
export class AdjustLoyaltyPointsInput {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => Int, { description: 'Signed, non-zero number of points.' })
  points!: number;

  @Field({ description: 'Why the correction was made; kept in the ledger.' })
  reason!: string;
}

/** A saved card as the order saga needs it: with the provider token. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: a saved card with its provider token.' })
export class CheckoutPaymentMethod {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: "The payment provider's token." })
  providerToken!: string;

  @Field({ description: 'Card brand.' })
  brand!: string;

  @Field({ description: 'Last four digits.' })
  last4!: string;

  @Field(() => Int, { description: 'Expiry month.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year.' })
  expiryYear!: number;
}

/** What checkout needs to know about a customer. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: what checkout needs to know about a customer.' })
export class CheckoutContext {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field({ description: 'Email for the order confirmation.' })
  email!: string;

  @Field(() => [Address], { description: 'Address book.' })
  addresses!: Address[];

  @Field(() => [CheckoutPaymentMethod], { description: 'Saved cards.' })
  paymentMethods!: CheckoutPaymentMethod[];

  @Field(() => Int, { description: 'Loyalty points available.' })
  loyaltyPoints!: number;

  @Field(() => MoneyType, { description: 'What those points are worth.' })
  loyaltyValue!: MoneyType;

  @Field(() => [String], { description: 'Derived segments: NEW or RETURNING, and VIP.' })
  segments!: string[];

  @Field(() => LoyaltyTier, { description: 'Loyalty tier.' })
  tier!: LoyaltyTier;

  @Field(() => TierBenefits, { description: 'What the tier gives at checkout.' })
  benefits!: TierBenefits;
}
