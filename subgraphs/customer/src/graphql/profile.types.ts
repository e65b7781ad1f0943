import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { CardBrand } from '@shopgraph/contracts/graphql';
import type { PaymentMethod as PaymentMethodEntity } from '../entities/index.js';

/** A saved card as shown to its owner: no number, no token. */
@ObjectType({ description: 'A saved card: display details only; the card itself lives with the payment provider.' })
export class PaymentMethod {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => CardBrand, { description: 'Card brand.' })
  brand!: CardBrand;

  @Field({ description: 'Last four digits of the card number.' })
  last4!: string;

  @Field(() => Int, { description: 'Expiry month, 1 to 12.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year, four digits.' })
  expiryYear!: number;

  @Field({ description: 'When it was saved.' })
  createdAt!: Date;

  /** Maps an entity to its GraphQL shape, leaving the provider token behind. */
  static from(e: PaymentMethodEntity): PaymentMethod {
    return Object.assign(new PaymentMethod(), {
      id: e.id,
      brand: e.brand,
      last4: e.last4,
      expiryMonth: e.expiryMonth,
      expiryYear: e.expiryYear,
      createdAt: e.createdAt,
    });
  }
}

/** Input of `addPaymentMethod`: what the payment provider's client-side SDK returned. Never a card number or CVC. */
@InputType({ description: 'A card tokenized by the payment provider; never send the card number or CVC.' })
export class AddPaymentMethodInput {
  @Field({ description: "The payment provider's token for the card." })
  providerToken!: string;

  @Field(() => CardBrand, { description: 'Card brand.' })
  brand!: CardBrand;

  @Field({ description: 'Last four digits, for display.' })
  last4!: string;

  @Field(() => Int, { description: 'Expiry month, 1 to 12.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year, four digits.' })
  expiryYear!: number;
}

/** Result of `addPaymentMethod`. */
@ObjectType({ description: 'Result of addPaymentMethod.' })
export class AddPaymentMethodPayload {
  @Field(() => PaymentMethod, { nullable: true, description: 'The saved card; null on failure.' })
  paymentMethod!: PaymentMethod | null;

  @Field(() => [UserError], { description: 'Why saving failed, if it did.' })
  userErrors!: UserError[];
}

/** Input of `removePaymentMethod`. */
@InputType({ description: 'Input of removePaymentMethod.' })
export class RemovePaymentMethodInput {
  @Field(() => ID, { description: 'The saved card to remove.' })
  id!: string;
}

/** Result of `removePaymentMethod`. */
@ObjectType({ description: 'Result of removePaymentMethod.' })
export class RemovePaymentMethodPayload {
  @Field(() => ID, { nullable: true, description: 'Id of the removed card; null on failure.' })
  removedPaymentMethodId!: string | null;

  @Field(() => [UserError], { description: 'Why removal failed, if it did.' })
  userErrors!: UserError[];
}

/** Communication preferences. */
@ObjectType({ description: 'Communication preferences of a customer.' })
export class CustomerPreferences {
  @Field({ description: 'Consents to marketing email.' })
  marketingOptIn!: boolean;

  @Field({ description: 'Accepts requests to review delivered products.' })
  reviewRequestsOptIn!: boolean;
}

/** Input of `updatePreferences`: omitted fields stay as they are. */
@InputType({ description: 'Input of updatePreferences; omitted fields are unchanged.' })
export class UpdatePreferencesInput {
  @Field(() => Boolean, { nullable: true, description: 'Consents to marketing email.' })
  marketingOptIn?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Accepts requests to review delivered products.' })
  reviewRequestsOptIn?: boolean | null;
}

/** Result of `updatePreferences`. */
@ObjectType({ description: 'Result of updatePreferences.' })
export class UpdatePreferencesPayload {
  @Field(() => CustomerPreferences, { nullable: true, description: 'The preferences now in force.' })
  preferences!: CustomerPreferences | null;

  @Field(() => [UserError], { description: 'Always empty today; present for a uniform payload shape.' })
  userErrors!: UserError[];
}
