import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { BigIntScalar, CurrencyCodeEnum, type CurrencyCode, DecimalScalar, MoneyType } from '@shopgraph/money';
import type { Quote } from '../domain/checkout-quote.js';
import type { ShippingOffer } from '../domain/shipping.js';
import type { LineTax } from '../domain/checkout-quote.js';

/** The documented quote rules, shared by the descriptions. */
export const QUOTE_RULES =
  'Shipping prices and free-shipping thresholds are stored in the base currency and converted like product prices ' +
  "(rate in effect, rounded once half-up to the currency's minor units); a method ships free when the sum of the lines' " +
  'amountMinor reaches its converted threshold. Parcel weight = Σ variant weight × quantity; a weight band covers ' +
  "min ≤ weight < max. Tax per line uses the rate of (country, the region's rate if one exists else the country-wide " +
  "one, the product's tax category), none = 0 %; inclusive tax = amount − amount / (1 + rate), exclusive tax = " +
  "amount × rate, each rounded once half-up. Shipping (after shippingDiscountMinor) is taxed at the destination's " +
  'STANDARD rate.';

/** Where a cart is sent (internal). */
@Directive('@inaccessible')
@InputType({ description: 'Internal: the destination of a quote.' })
export class QuoteDestinationInput {
  @Field({ description: 'ISO 3166-1 alpha-2 country code, upper case; a country the shop does not serve is BAD_USER_INPUT.' })
  countryCode!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Region (e.g. a US state code such as "CA"); picks a region-specific tax rate when one exists.',
  })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (not used for rates yet).' })
  postalCode?: string | null;
}

/** A cart line to quote (internal). */
@Directive('@inaccessible')
@InputType({ description: 'Internal: one line of a quote.' })
export class QuoteLineInput {
  @Field(() => ID, { description: "Caller's line id, echoed back in the tax line." })
  key!: string;

  @Field(() => ID, { description: 'SKU of the variant; an unknown SKU is BAD_USER_INPUT.' })
  sku!: string;

  @Field(() => Int, { description: 'Units; at least 1 (weight = variant weight × quantity).' })
  quantity!: number;

  @Field(() => BigIntScalar, {
    description: 'Line amount in `currency` after discounts, minor units: the tax base and the free-shipping threshold base.',
  })
  amountMinor!: bigint;
}

/** A quote request (internal). */
@Directive('@inaccessible')
@InputType({ description: `Internal: a cart to quote shipping and tax for. ${QUOTE_RULES}` })
export class CheckoutQuoteInput {
  @Field(() => CurrencyCodeEnum, { description: 'Currency of the lines and of the result.' })
  currency!: CurrencyCode;

  @Field(() => QuoteDestinationInput, { description: 'Where the cart is sent.' })
  destination!: QuoteDestinationInput;

  @Field(() => [QuoteLineInput], { description: 'The lines; tax lines come back in the same order.' })
  lines!: QuoteLineInput[];

  @Field(() => String, { nullable: true, description: 'The method the shopper chose; null just lists the options.' })
  shippingMethodCode?: string | null;

  @Field(() => BigIntScalar, {
    defaultValue: 0n,
    description: "Taken off the chosen method's price before tax (free-shipping promotions, tier benefits); capped at the price.",
  })
  shippingDiscountMinor!: bigint;
}

/** A shipping method offered for a parcel (internal). */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: a shipping method offered for a destination and parcel weight, priced in the quote currency.' })
export class ShippingOption {
  @Field({ description: 'Method code, e.g. STANDARD or EXPRESS.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'Display description.' })
  description!: string;

  @Field(() => MoneyType, { description: 'Price after the free-shipping threshold (0 when reached), before shippingDiscountMinor.' })
  price!: MoneyType;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'Order amount from which this method is free, converted to the quote currency; null when it has none.',
  })
  freeShippingThreshold!: MoneyType | null;

  @Field(() => Int, { description: 'Fewest days to deliver.' })
  estimatedDaysMin!: number;

  @Field(() => Int, { description: 'Most days to deliver.' })
  estimatedDaysMax!: number;

  /** Maps a domain offer to its GraphQL shape. */
  static from(o: ShippingOffer): ShippingOption {
    return Object.assign(new ShippingOption(), {
      ...o,
      price: MoneyType.from(o.price),
      freeShippingThreshold: o.freeShippingThreshold && MoneyType.from(o.freeShippingThreshold),
    });
  }
}

/** Tax of one line (internal). */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: the tax of one quote line.' })
export class TaxLine {
  @Field(() => ID, { description: "The caller's line key." })
  key!: string;

  @Field(() => DecimalScalar, { description: 'Rate applied, in percent (e.g. "7.25"); "0" when no rate applies.' })
  ratePercent!: string;

  @Field({ description: 'Whether the tax is already inside the line amount.' })
  inclusive!: boolean;

  @Field(() => MoneyType, { description: 'Tax amount, rounded once half-up.' })
  amount!: MoneyType;

  /** Maps a domain line tax to its GraphQL shape. */
  static from(t: LineTax): TaxLine {
    return Object.assign(new TaxLine(), {
      key: t.key,
      ratePercent: t.ratePercent,
      inclusive: t.inclusive,
      amount: MoneyType.from(t.amount),
    });
  }
}

/** The quote (internal). */
@Directive('@inaccessible')
@ObjectType({ description: `Internal: shipping options and tax for a cart sent to a destination. ${QUOTE_RULES}` })
export class CheckoutQuote {
  @Field(() => [ShippingOption], {
    description: "Every active method that delivers to the destination for the lines' total weight, priced in `currency`, cheapest first.",
  })
  shippingOptions!: ShippingOption[];

  @Field(() => ShippingOption, {
    nullable: true,
    description: 'The chosen method; null if none chosen or not offered for this destination and weight.',
  })
  shipping!: ShippingOption | null;

  @Field(() => [TaxLine], { description: 'One per input line, same order.' })
  taxLines!: TaxLine[];

  @Field(() => MoneyType, { description: 'Tax on the chosen shipping after shippingDiscountMinor (zero when none chosen).' })
  shippingTax!: MoneyType;

  @Field(() => MoneyType, { description: 'All tax, inclusive and exclusive.' })
  taxTotal!: MoneyType;

  @Field(() => MoneyType, { description: 'The part of taxTotal to add to the order total (inclusive tax is already inside the amounts).' })
  exclusiveTaxTotal!: MoneyType;

  /** Maps a domain quote to its GraphQL shape. */
  static from(q: Quote): CheckoutQuote {
    return Object.assign(new CheckoutQuote(), {
      shippingOptions: q.shippingOptions.map(ShippingOption.from),
      shipping: q.shipping && ShippingOption.from(q.shipping),
      taxLines: q.taxLines.map(TaxLine.from),
      shippingTax: MoneyType.from(q.shippingTax),
      taxTotal: MoneyType.from(q.taxTotal),
      exclusiveTaxTotal: MoneyType.from(q.exclusiveTaxTotal),
    });
  }
}
