import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar, CurrencyCodeEnum, type CurrencyCode, DecimalScalar } from '@shopgraph/money';
import { MarkupKind } from '../entities/index.js';
import type { CurrencyRate as RateEntity, QuantityTier as TierEntity, WarehouseMarkup as MarkupEntity } from '../entities/index.js';
import { ProductVariant } from './types.js';

registerEnumType(MarkupKind, {
  name: 'MarkupKind',
  description: 'PERCENT: basis points of the unit price; FIXED: minor units of the base currency.',
});

/** A decimal without insignificant trailing zeros: a rate reads back as it was set ("0.0000393"), not padded to the column's scale. */
const canonicalDecimal = (value: string) => (value.includes('.') ? value.replace(/\.?0+$/, '') : value);

/** An exchange rate from the base currency. */
@ObjectType({ description: 'Units of a currency per one unit of the base currency, from an instant on.' })
export class CurrencyRateRecord {
  @Field(() => CurrencyCodeEnum, { description: 'Target currency.' })
  currency!: CurrencyCode;

  @Field(() => DecimalScalar, { description: 'Exact rate as a decimal string.' })
  rate!: string;

  @Field({ description: 'When the rate takes effect.' })
  effectiveFrom!: Date;

  /** Maps an entity to its GraphQL shape. */
  static from(e: RateEntity): CurrencyRateRecord {
    return Object.assign(new CurrencyRateRecord(), {
      currency: e.currency,
      rate: canonicalDecimal(String(e.rate)),
      effectiveFrom: e.effectiveFrom,
    });
  }
}

/** A warehouse's markup. */
@ObjectType({ description: 'The markup a warehouse adds to every unit it ships.' })
export class WarehouseMarkupRecord {
  @Field(() => ID, { description: 'Warehouse id (inventory subgraph).' })
  warehouseId!: string;

  @Field(() => MarkupKind, { description: 'How `value` is read.' })
  kind!: MarkupKind;

  @Field(() => BigIntScalar, { description: 'Basis points (PERCENT) or base-currency minor units (FIXED).' })
  value!: bigint;

  /** Maps an entity to its GraphQL shape. */
  static from(e: MarkupEntity): WarehouseMarkupRecord {
    return Object.assign(new WarehouseMarkupRecord(), { warehouseId: e.warehouseId, kind: e.kind, value: e.value });
  }
}

/** A quantity tier. */
@ObjectType({ description: 'A discount for buying at least a number of units.' })
export class QuantityTierRecord {
  @Field(() => ID, { nullable: true, description: 'SKU it applies to; null for every SKU.' })
  sku!: string | null;

  @Field(() => Int, { description: 'Units from which the discount applies.' })
  minQuantity!: number;

  @Field(() => Int, { description: 'Discount in basis points of the marked-up unit price.' })
  discountBasisPoints!: number;

  /** Maps an entity to its GraphQL shape. */
  static from(e: TierEntity): QuantityTierRecord {
    return Object.assign(new QuantityTierRecord(), {
      sku: e.sku ?? null,
      minQuantity: e.minQuantity,
      discountBasisPoints: e.discountBasisPoints,
    });
  }
}

/** Input of setVariantPrice. */
@InputType({ description: 'A variant price in one currency.' })
export class SetVariantPriceInput {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => CurrencyCodeEnum, { description: 'The base currency sets the base price; another sets a list price overriding conversion.' })
  currency!: CurrencyCode;

  @Field(() => BigIntScalar, { nullable: true, description: 'Minor units; null removes a list price.' })
  amountMinor?: bigint | null;
}

/** Input of setCurrencyRate. */
@InputType({ description: 'An exchange rate from the base currency.' })
export class SetCurrencyRateInput {
  @Field(() => CurrencyCodeEnum, { description: 'Target currency (not the base currency).' })
  currency!: CurrencyCode;

  @Field(() => DecimalScalar, { description: 'Units of the currency per base unit, exact decimal string.' })
  rate!: string;

  @Field({ nullable: true, description: 'When it takes effect; now when omitted.' })
  effectiveFrom?: Date;
}

/** Input of setWarehouseMarkup. */
@InputType({ description: 'A warehouse markup.' })
export class SetWarehouseMarkupInput {
  @Field(() => ID, { description: 'Warehouse id (inventory subgraph).' })
  warehouseId!: string;

  @Field(() => MarkupKind, { description: 'How `value` is read.' })
  kind!: MarkupKind;

  @Field(() => BigIntScalar, { description: 'Basis points (PERCENT) or base-currency minor units (FIXED).' })
  value!: bigint;
}

/** Input of setQuantityTier. */
@InputType({ description: 'A quantity tier; the same SKU and minimum replaces the discount.' })
export class SetQuantityTierInput {
  @Field(() => ID, { nullable: true, description: 'SKU; null for every SKU.' })
  sku?: string | null;

  @Field(() => Int, { description: 'Units from which it applies (2 or more).' })
  minQuantity!: number;

  @Field(() => Int, { description: 'Discount in basis points (0–10000).' })
  discountBasisPoints!: number;
}

/** Result of setVariantPrice. */
@ObjectType({ description: 'Result of setVariantPrice.' })
export class SetVariantPricePayload {
  @Field(() => ProductVariant, { nullable: true, description: 'The variant; null on failure.' })
  variant!: ProductVariant | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setCurrencyRate. */
@ObjectType({ description: 'Result of setCurrencyRate.' })
export class SetCurrencyRatePayload {
  @Field(() => CurrencyRateRecord, { nullable: true, description: 'The rate; null on failure.' })
  currencyRate!: CurrencyRateRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setWarehouseMarkup. */
@ObjectType({ description: 'Result of setWarehouseMarkup.' })
export class SetWarehouseMarkupPayload {
  @Field(() => WarehouseMarkupRecord, { nullable: true, description: 'The markup; null on failure.' })
  warehouseMarkup!: WarehouseMarkupRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of setQuantityTier. */
@ObjectType({ description: 'Result of setQuantityTier.' })
export class SetQuantityTierPayload {
  @Field(() => QuantityTierRecord, { nullable: true, description: 'The tier; null on failure.' })
  quantityTier!: QuantityTierRecord | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
