import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AddressFieldsInput, CardBrand } from '@shopgraph/contracts/graphql';
import { UserError } from '@shopgraph/errors';
import { type CurrencyCode, CurrencyCodeEnum, MoneyType } from '@shopgraph/money';
import { CheckoutStatus } from '../domain/checkout-status.js';
import type { CheckoutAddress as CheckoutAddressData, CheckoutPayment } from '../domain/checkout-state.js';
import type { ShippingOptionInfo } from '../services/quote.client.js';
import { Cart } from './cart.types.js';
import { ProductRef, VariantRef } from './types.js';

registerEnumType(CheckoutStatus, {
  name: 'CheckoutStatus',
  description: 'Lifecycle of a checkout session: OPEN (stock held) → ABANDONED | EXPIRED | COMPLETED.',
});

/** Kinds of discount in a checkout. */
export enum CheckoutDiscountKind {
  PROMOTION = 'PROMOTION',
  /** The customer's loyalty tier: free standard shipping. */
  TIER_BENEFIT = 'TIER_BENEFIT',
  LOYALTY = 'LOYALTY',
}
registerEnumType(CheckoutDiscountKind, { name: 'CheckoutDiscountKind', description: 'Where a discount comes from.' });

/** The promotion subgraph's promotion, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Promotion', { description: 'A promotion campaign.' })
export class PromotionRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}

/** An address chosen for a checkout. */
@ObjectType({ description: 'A postal address used by a checkout: a saved one (with its id) or one entered at checkout.' })
export class CheckoutAddress {
  @Field(() => ID, { nullable: true, description: 'The saved address it comes from; null for an address entered at checkout.' })
  savedAddressId!: string | null;

  @Field({ description: 'Recipient name.' })
  fullName!: string;

  @Field({ description: 'Street and number.' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Apartment, floor, building.' })
  line2!: string | null;

  @Field({ description: 'City or town.' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'State, province or region.' })
  region!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode!: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Contact phone for the carrier.' })
  phone!: string | null;

  /** Maps stored address data. */
  static from(a: CheckoutAddressData & { id?: string }): CheckoutAddress {
    return Object.assign(new CheckoutAddress(), {
      savedAddressId: a.savedAddressId ?? a.id ?? null,
      fullName: a.fullName,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city,
      region: a.region ?? null,
      postalCode: a.postalCode ?? null,
      countryCode: a.countryCode,
      phone: a.phone ?? null,
    });
  }
}

/** A card as the shopper sees it: display details only. */
@ObjectType({ description: 'A payment card as the shopper sees it: display details only, never the provider token or the number.' })
export class CheckoutCard {
  @Field(() => ID, { nullable: true, description: 'The saved card it is; null for a card entered at checkout.' })
  savedPaymentMethodId!: string | null;

  @Field({ description: 'Card brand.' })
  brand!: string;

  @Field({ description: 'Last four digits.' })
  last4!: string;

  @Field(() => Int, { description: 'Expiry month, 1 to 12.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year, four digits.' })
  expiryYear!: number;

  /** Maps a card, dropping the provider token. */
  static from(p: CheckoutPayment & { id?: string }): CheckoutCard {
    return Object.assign(new CheckoutCard(), {
      savedPaymentMethodId: p.savedPaymentMethodId ?? p.id ?? null,
      brand: p.brand,
      last4: p.last4,
      expiryMonth: p.expiryMonth,
      expiryYear: p.expiryYear,
    });
  }
}

/** A shipping method offered for the destination. */
@ObjectType({
  description: "A shipping method the catalog offers for the checkout's destination and weight, priced in the checkout currency.",
})
export class CheckoutShippingOption {
  @Field({ description: 'Code to pass as `shippingMethodCode`.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'What the method is.' })
  description!: string;

  @Field(() => MoneyType, {
    description: 'Price for this checkout (0 once the free-shipping threshold is reached), before shipping discounts.',
  })
  price!: MoneyType;

  @Field(() => MoneyType, { nullable: true, description: 'Merchandise amount from which the method is free; null when it never is.' })
  freeShippingThreshold!: MoneyType | null;

  @Field(() => Int, { description: 'Fewest days to deliver.' })
  estimatedDaysMin!: number;

  @Field(() => Int, { description: 'Most days to deliver.' })
  estimatedDaysMax!: number;

  /** Maps a quoted option. */
  static from(o: ShippingOptionInfo, currency: CurrencyCode): CheckoutShippingOption {
    const m = (minor: string) => MoneyType.from({ amountMinor: BigInt(minor), currency });
    return Object.assign(new CheckoutShippingOption(), {
      code: o.code,
      name: o.name,
      description: o.description,
      price: m(o.price.amountMinor),
      freeShippingThreshold: o.freeShippingThreshold ? m(o.freeShippingThreshold.amountMinor) : null,
      estimatedDaysMin: o.estimatedDaysMin,
      estimatedDaysMax: o.estimatedDaysMax,
    });
  }
}

/** One line of a checkout with its discounts. */
@ObjectType({ description: 'A line of the checkout at current prices, with the discounts taken off it.' })
export class CheckoutLine {
  @Field(() => ID, { description: 'The cart line id.' })
  id!: string;

  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field({ description: 'Display name of the variant.' })
  name!: string;

  @Field(() => Int, { description: "Units (held by the checkout's reservation)." })
  quantity!: number;

  @Field(() => MoneyType, { description: 'Current price of one unit.' })
  unitPrice!: MoneyType;

  @Field(() => MoneyType, { description: 'Unit price × quantity.' })
  lineTotal!: MoneyType;

  @Field(() => MoneyType, { description: 'Promotion discount allocated to this line.' })
  promotionDiscount!: MoneyType;

  @Field(() => MoneyType, { description: 'Loyalty discount allocated to this line.' })
  loyaltyDiscount!: MoneyType;

  @Field(() => MoneyType, { description: 'Line total after discounts: the amount taxed.' })
  total!: MoneyType;

  @Field(() => VariantRef, { description: 'The variant (served by catalog and inventory).' })
  variant!: VariantRef;

  @Field(() => ProductRef, { description: 'The product (served by catalog).' })
  product!: ProductRef;
}

/** One discount of a checkout. */
@ObjectType({ description: 'One discount of the checkout: a promotion, a tier benefit or loyalty points.' })
export class CheckoutDiscount {
  @Field(() => CheckoutDiscountKind, { description: 'Where it comes from.' })
  kind!: CheckoutDiscountKind;

  @Field(() => PromotionRef, { nullable: true, description: 'The promotion, for PROMOTION discounts.' })
  promotion!: PromotionRef | null;

  @Field(() => String, { nullable: true, description: 'The code that unlocked the promotion, if one was needed.' })
  code!: string | null;

  @Field(() => Int, { nullable: true, description: 'Points spent, for LOYALTY discounts.' })
  points!: number | null;

  @Field(() => MoneyType, { description: 'Amount off (lines and shipping).' })
  amount!: MoneyType;
}

/** The totals preview. */
@ObjectType({
  description:
    'The authoritative totals preview, recomputed from current prices on every read: total = subtotal − discountTotal + shipping + exclusive tax. Tax and shipping are zero until a shipping address (and method) is set.',
})
export class CheckoutTotals {
  @Field(() => CurrencyCodeEnum, { description: 'Currency of every amount.' })
  currency!: CurrencyCode;

  @Field(() => MoneyType, { description: 'Sum of the line totals at current prices.' })
  subtotal!: MoneyType;

  @Field(() => [CheckoutDiscount], { description: 'Each promotion applied, then loyalty points.' })
  discounts!: CheckoutDiscount[];

  @Field(() => MoneyType, { description: 'Sum of the discounts (lines and shipping).' })
  discountTotal!: MoneyType;

  @Field(() => MoneyType, { description: 'Price of the chosen shipping method (before shipping discounts, which are in `discounts`).' })
  shipping!: MoneyType;

  @Field(() => MoneyType, { description: 'All tax, including tax already inside prices (inclusive rates).' })
  tax!: MoneyType;

  @Field(() => MoneyType, { description: 'The part of `tax` added on top of prices.' })
  exclusiveTax!: MoneyType;

  @Field(() => MoneyType, { description: 'What the shopper pays.' })
  total!: MoneyType;
}

/** Loyalty in a checkout. */
@ObjectType({ description: "The customer's loyalty points as checkout can use them." })
export class CheckoutLoyalty {
  @Field(() => Int, { description: 'Points available.' })
  availablePoints!: number;

  @Field(() => MoneyType, { description: 'What the available points are worth.' })
  availableValue!: MoneyType;

  @Field(() => Int, {
    description: 'Most points this checkout can absorb now (bounded by the balance and by the merchandise after promotions).',
  })
  maxUsablePoints!: number;

  @Field(() => Int, { description: 'Points the shopper chose to use.' })
  pointsToUse!: number;

  @Field({ description: "The customer's loyalty tier." })
  tier!: string;

  @Field(() => Int, { description: 'Points credited per 100 base points of this order once placed (100 = no bonus).' })
  pointsMultiplierPercent!: number;

  @Field({ description: 'Whether the tier makes STANDARD shipping free.' })
  freeStandardShipping!: boolean;
}

/** A checkout session. */
@ObjectType({ description: 'A checkout in progress (no order exists until it is confirmed). Its stock is held until `expiresAt`.' })
export class CheckoutSession {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => CheckoutStatus, { description: 'Lifecycle status.' })
  status!: CheckoutStatus;

  @Field({ description: 'When an OPEN session expires and releases its stock.' })
  expiresAt!: Date;

  @Field(() => CurrencyCodeEnum, { description: 'Currency of the checkout.' })
  currency!: CurrencyCode;

  @Field(() => Cart, { description: 'The cart being checked out (CHECKOUT while the session is OPEN).' })
  cart!: Cart;

  @Field(() => [CheckoutLine], { description: 'Lines at current prices with their discounts.' })
  lines!: CheckoutLine[];

  @Field(() => CheckoutAddress, { nullable: true, description: 'Where to ship; the default shipping address at start.' })
  shippingAddress!: CheckoutAddress | null;

  @Field(() => CheckoutAddress, { nullable: true, description: 'Where to bill; the default billing address at start.' })
  billingAddress!: CheckoutAddress | null;

  @Field(() => [CheckoutShippingOption], {
    description: 'Methods offered for the shipping address, cheapest first; empty until it is set.',
  })
  shippingOptions!: CheckoutShippingOption[];

  @Field(() => CheckoutShippingOption, { nullable: true, description: 'The chosen method.' })
  shippingMethod!: CheckoutShippingOption | null;

  @Field(() => CheckoutCard, { nullable: true, description: 'The chosen payment method.' })
  paymentMethod!: CheckoutCard | null;

  @Field(() => [String], { description: 'Promotion codes entered (lower-cased).' })
  promotionCodes!: string[];

  @Field(() => String, { nullable: true, description: 'Note for the order.' })
  notes!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Where the order confirmation goes: the email given at checkout, else the signed-in customer's account email; null until a guest gives one.",
  })
  email!: string | null;

  @Field(() => [CheckoutAddress], { description: "The customer's saved addresses (empty for guests)." })
  savedAddresses!: CheckoutAddress[];

  @Field(() => [CheckoutCard], { description: "The customer's saved cards, display details only (empty for guests)." })
  savedPaymentMethods!: CheckoutCard[];

  @Field(() => CheckoutLoyalty, { nullable: true, description: 'Loyalty points; null for guests.' })
  loyalty!: CheckoutLoyalty | null;

  @Field(() => CheckoutTotals, { description: 'The totals preview.' })
  totals!: CheckoutTotals;
}

/** A new address entered at checkout. */
@InputType({
  description: 'A postal address entered at checkout, validated like the address book (supported countries, region and postal code rules).',
})
export class CheckoutNewAddressInput extends AddressFieldsInput {}

/** Exactly one of a saved address id or a new address. */
@InputType({ description: "Exactly one of `savedAddressId` (one of the customer's saved addresses) or `address`." })
export class CheckoutAddressInput {
  @Field(() => ID, { nullable: true, description: 'A saved address of the signed-in customer.' })
  savedAddressId?: string | null;

  @Field(() => CheckoutNewAddressInput, { nullable: true, description: 'A new address.' })
  address?: CheckoutNewAddressInput | null;
}

/** A new tokenized card. */
@InputType({
  description: 'A card tokenized by the payment provider in the browser: its token and display details, never the card number.',
})
export class CheckoutCardInput {
  @Field({ description: "The payment provider's token." })
  providerToken!: string;

  @Field(() => CardBrand, { description: 'Card brand.' })
  brand!: CardBrand;

  @Field({ description: 'Last four digits.' })
  last4!: string;

  @Field(() => Int, { description: 'Expiry month, 1 to 12.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year, four digits.' })
  expiryYear!: number;
}

/** Exactly one of a saved card id or a new card. */
@InputType({ description: 'Exactly one of `savedPaymentMethodId` (a saved card of the signed-in customer) or `card`.' })
export class CheckoutPaymentInput {
  @Field(() => ID, { nullable: true, description: 'A saved card of the signed-in customer.' })
  savedPaymentMethodId?: string | null;

  @Field(() => CheckoutCardInput, { nullable: true, description: 'A new tokenized card.' })
  card?: CheckoutCardInput | null;
}

/** Input of `startCheckout`. */
@InputType({ description: "How to start checkout on the caller's cart." })
export class StartCheckoutInput {
  @Field(() => CurrencyCodeEnum, {
    nullable: true,
    description: "Currency to check out in; the shop's base currency when omitted (loyalty points can be used in the base currency only).",
  })
  currency?: CurrencyCode | null;
}

/** Input of `updateCheckoutState`. */
@InputType({ description: 'Changes to a checkout; omitted fields stay as they are, null clears an optional one.' })
export class UpdateCheckoutStateInput {
  @Field(() => ID, { description: 'The checkout session.' })
  checkoutSessionId!: string;

  @Field(() => CheckoutAddressInput, { nullable: true, description: 'Where to ship (changing the country clears the shipping method).' })
  shippingAddress?: CheckoutAddressInput | null;

  @Field(() => CheckoutAddressInput, { nullable: true, description: 'Where to bill.' })
  billingAddress?: CheckoutAddressInput | null;

  @Field(() => String, { nullable: true, description: 'A code from `shippingOptions`.' })
  shippingMethodCode?: string | null;

  @Field(() => CheckoutPaymentInput, { nullable: true, description: 'How to pay.' })
  payment?: CheckoutPaymentInput | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Promotion codes (replace the current list); an unknown code is INVALID_PROMOTION_CODE and nothing changes.',
  })
  promotionCodes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Loyalty points to use, at most the balance and what the order can absorb.' })
  loyaltyPoints?: number | null;

  @Field(() => String, { nullable: true, description: 'Note for the order (at most 1000 characters).' })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Contact email for the order confirmation (guests must give one before confirming); null returns to the account email.',
  })
  email?: string | null;
}

/** Input naming a session. */
@InputType({ description: 'A checkout session of the caller.' })
export class CheckoutSessionInput {
  @Field(() => ID, { description: 'The checkout session.' })
  checkoutSessionId!: string;
}

/** Result of a checkout mutation. */
@ObjectType({ description: 'Result of a checkout mutation.' })
export class CheckoutPayload {
  @Field(() => CheckoutSession, { nullable: true, description: 'The session after the change; null if nothing changed.' })
  checkoutSession!: CheckoutSession | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
