import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar, type CurrencyCode, DecimalScalar, MoneyType, money } from '@shopgraph/money';
import { normalizeTaxRate } from '../domain/tax.js';
import { TaxCategory } from '../entities/index.js';
import type { ShippingMethod, ShippingRate, ShippingZone, TaxRate } from '../entities/index.js';

/** A shipping zone. */
@ObjectType({ description: 'A set of destination countries sharing shipping rates.' })
export class ShippingZoneRecord {
  @Field({ description: 'Zone code, e.g. DOMESTIC or EUROPE.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 countries of the zone.' })
  countryCodes!: string[];

  /** Maps an entity (countries loaded) to its GraphQL shape. */
  static from(e: ShippingZone): ShippingZoneRecord {
    return Object.assign(new ShippingZoneRecord(), {
      code: e.code,
      name: e.name,
      countryCodes: e.countries
        .getItems()
        .map((c) => c.countryCode)
        .sort(),
    });
  }
}

/** A shipping rate. */
@ObjectType({ description: 'The price of a method to a zone for parcels of a weight band (min ≤ weight < max).' })
export class ShippingRateRecord {
  @Field({ description: 'Method code.' })
  methodCode!: string;

  @Field({ description: 'Zone code.' })
  zoneCode!: string;

  @Field(() => Int, { description: 'Lightest parcel of the band, grams (inclusive).' })
  minWeightGrams!: number;

  @Field(() => Int, { nullable: true, description: 'Upper bound, grams (exclusive); null for no upper bound.' })
  maxWeightGrams!: number | null;

  @Field(() => MoneyType, { description: 'Price in the base currency.' })
  price!: MoneyType;

  /** Maps an entity to its GraphQL shape. */
  static from(e: ShippingRate, base: CurrencyCode): ShippingRateRecord {
    return Object.assign(new ShippingRateRecord(), {
      methodCode: e.method.code,
      zoneCode: e.zone.code,
      minWeightGrams: e.minWeightGrams,
      maxWeightGrams: e.maxWeightGrams,
      price: MoneyType.from(money(e.priceMinor, base)),
    });
  }
}

/** A shipping method. */
@ObjectType({ description: 'A way of shipping, such as STANDARD or EXPRESS.' })
export class ShippingMethodRecord {
  @Field({ description: 'Method code.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'Display description.' })
  description!: string;

  @Field(() => Int, { description: 'Fewest days to deliver.' })
  estimatedDaysMin!: number;

  @Field(() => Int, { description: 'Most days to deliver.' })
  estimatedDaysMax!: number;

  @Field(() => MoneyType, { nullable: true, description: 'Order amount from which it ships free, in the base currency; null for none.' })
  freeShippingThreshold!: MoneyType | null;

  @Field({ description: 'Inactive methods are never offered.' })
  active!: boolean;

  @Field(() => [ShippingRateRecord], { description: 'Its rates, by zone and weight.' })
  rates!: ShippingRateRecord[];

  /** Maps an entity and its rates to the GraphQL shape. */
  static from(e: ShippingMethod, rates: readonly ShippingRate[], base: CurrencyCode): ShippingMethodRecord {
    return Object.assign(new ShippingMethodRecord(), {
      code: e.code,
      name: e.name,
      description: e.description,
      estimatedDaysMin: e.estimatedDaysMin,
      estimatedDaysMax: e.estimatedDaysMax,
      freeShippingThreshold: e.freeShippingThresholdMinor === null ? null : MoneyType.from(money(e.freeShippingThresholdMinor, base)),
      active: e.active,
      rates: rates.filter((r) => r.method.code === e.code).map((r) => ShippingRateRecord.from(r, base)),
    });
  }
}

/** A tax rate. */
@ObjectType({ description: 'A tax rate of a country, or of one of its regions, for a tax category.' })
export class TaxRateRecord {
  @Field({ description: 'ISO 3166-1 alpha-2 country.' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Region it overrides the country-wide rate for; null for the country-wide rate.' })
  region!: string | null;

  @Field(() => TaxCategory, { description: 'Tax category it applies to.' })
  category!: TaxCategory;

  @Field(() => DecimalScalar, { description: 'Rate in percent, e.g. "7.25".' })
  ratePercent!: string;

  @Field({ description: 'Whether prices already include it.' })
  inclusive!: boolean;

  /** Maps an entity to its GraphQL shape. */
  static from(e: TaxRate): TaxRateRecord {
    return Object.assign(new TaxRateRecord(), {
      countryCode: e.countryCode,
      region: e.region || null,
      category: e.category,
      ratePercent: normalizeTaxRate(String(e.ratePercent)),
      inclusive: e.inclusive,
    });
  }
}

/** Input of setShippingZone. */
@InputType({ description: 'A shipping zone; the same code replaces its name and countries.' })
export class SetShippingZoneInput {
  @Field({ description: 'Upper-case code (letters, digits, _).' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 countries; a country may belong to one zone only.' })
  countryCodes!: string[];
}

/** Input of setShippingMethod. */
@InputType({ description: 'A shipping method; the same code replaces it.' })
export class SetShippingMethodInput {
  @Field({ description: 'Upper-case code (letters, digits, _), e.g. STANDARD.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Display description.' })
  description?: string | null;

  @Field(() => Int, { description: 'Fewest days to deliver (0 or more).' })
  estimatedDaysMin!: number;

  @Field(() => Int, { description: 'Most days to deliver (at least the minimum).' })
  estimatedDaysMax!: number;

  @Field(() => BigIntScalar, {
    nullable: true,
    description: 'Order amount from which it ships free, base-currency minor units; null for none.',
  })
  freeShippingThresholdMinor?: bigint | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it is offered; true when omitted.' })
  active?: boolean | null;
}

/** Input of setShippingRate. */
@InputType({ description: 'A weight band of a method to a zone; the same start weight replaces it.' })
export class SetShippingRateInput {
  @Field({ description: 'Method code.' })
  methodCode!: string;

  @Field({ description: 'Zone code.' })
  zoneCode!: string;

  @Field(() => Int, { description: 'Lightest parcel of the band, grams (inclusive).' })
  minWeightGrams!: number;

  @Field(() => Int, { nullable: true, description: 'Upper bound, grams (exclusive); null for no upper bound. Bands must not overlap.' })
  maxWeightGrams?: number | null;

  @Field(() => BigIntScalar, { nullable: true, description: 'Price in base-currency minor units; null removes the band.' })
  priceMinor?: bigint | null;
}

/** Input of setTaxRate. */
@InputType({ description: 'A tax rate; the same country, region and category replaces it.' })
export class SetTaxRateInput {
  @Field({ description: 'ISO 3166-1 alpha-2 country.' })
  countryCode!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Region code it applies to instead of the country-wide rate; null for the country-wide rate.',
  })
  region?: string | null;

  @Field(() => TaxCategory, { defaultValue: TaxCategory.STANDARD, description: 'Tax category.' })
  category!: TaxCategory;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent, 0 to 100, at most four decimals; null removes the rate.' })
  ratePercent?: string | null;

  @Field({ description: 'Whether prices already include it (VAT) or it is added on top (sales tax).' })
  inclusive!: boolean;
}

/** Result of setShippingZone. */
@ObjectType({ description: 'Result of setShippingZone.' })
export class SetShippingZonePayload {
  @Field(() => ShippingZoneRecord, { nullable: true, description: 'The zone; null on failure.' })
  shippingZone!: ShippingZoneRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setShippingMethod. */
@ObjectType({ description: 'Result of setShippingMethod.' })
export class SetShippingMethodPayload {
  @Field(() => ShippingMethodRecord, { nullable: true, description: 'The method; null on failure.' })
  shippingMethod!: ShippingMethodRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setShippingRate. */
@ObjectType({ description: 'Result of setShippingRate.' })
export class SetShippingRatePayload {
  @Field(() => ShippingRateRecord, { nullable: true, description: 'The band; null when removed or on failure.' })
  shippingRate!: ShippingRateRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setTaxRate. */
@ObjectType({ description: 'Result of setTaxRate.' })
export class SetTaxRatePayload {
  @Field(() => TaxRateRecord, { nullable: true, description: 'The rate; null when removed or on failure.' })
  taxRate!: TaxRateRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
