import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CurrencyCodeEnum, type CurrencyCode, MoneyType } from '@shopgraph/money';
import type { PricedLine } from '../domain/pricing.js';
import type { PricedRequest } from '../services/pricing.service.js';

/** What a price adjustment did; mirrors the domain's steps. */
export enum PriceAdjustmentKind {
  CONVERSION = 'CONVERSION',
  PRICE_LIST = 'PRICE_LIST',
  MARKUP = 'MARKUP',
  QUANTITY_TIER = 'QUANTITY_TIER',
}
registerEnumType(PriceAdjustmentKind, {
  name: 'PriceAdjustmentKind',
  description: 'A step of the unit price: CONVERSION or PRICE_LIST (the starting price), then MARKUP, then QUANTITY_TIER.',
});

/** How a step changed the unit price. */
@ObjectType({ description: 'One step of the unit price calculation; the amounts of all steps add up to the unit price.' })
export class PriceAdjustment {
  @Field(() => PriceAdjustmentKind, { description: 'Which step this is.' })
  kind!: PriceAdjustmentKind;

  @Field(() => MoneyType, { description: 'Signed amount per unit this step contributed (negative for discounts).' })
  amount!: MoneyType;

  @Field({ description: 'Human-readable explanation.' })
  description!: string;
}

/** The documented pricing order, shared by the field descriptions. */
export const PRICING_ORDER =
  'Order: start from the list price for the currency if set, otherwise the base price converted with the rate in effect; ' +
  'then add the warehouse markup; then subtract the best reached quantity tier; each step rounds once half-up to the ' +
  "currency's minor units. lineTotal = unitPrice × quantity.";

const variantPrices = new WeakMap<PricedLine, VariantPrice>();
const pricedLineResults = new WeakMap<PricedRequest, PricedLineResult>();

/** A variant's price for a currency, quantity and warehouse. */
@ObjectType({ description: `A variant's price for a currency, quantity and warehouse. ${PRICING_ORDER}` })
export class VariantPrice {
  @Field(() => MoneyType, { description: 'Price of one unit after every adjustment.' })
  unitPrice!: MoneyType;

  @Field(() => MoneyType, { description: 'unitPrice × quantity, exact.' })
  lineTotal!: MoneyType;

  @Field(() => [PriceAdjustment], { description: 'The steps that produced the unit price, in the order applied.' })
  adjustments!: PriceAdjustment[];

  /**
   * Maps a domain priced line to its GraphQL shape. Priced lines are immutable and the price cache
   * hands out the same object on every hit, so the shape is built once per priced line and shared
   * (GraphQL execution only reads it).
   */
  static from(p: PricedLine): VariantPrice {
    let shape = variantPrices.get(p);
    if (!shape) {
      shape = Object.assign(new VariantPrice(), {
        unitPrice: MoneyType.from(p.unitPrice),
        lineTotal: MoneyType.from(p.lineTotal),
        adjustments: p.adjustments.map((a) =>
          Object.assign(new PriceAdjustment(), { kind: a.kind, amount: MoneyType.from(a.amount), description: a.description }),
        ),
      });
      variantPrices.set(p, shape);
    }
    return shape;
  }
}

/** A cart line to price (internal). */
@Directive('@inaccessible')
@InputType({ description: 'Internal: one line to price.' })
export class PriceLineInput {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Units; at least 1.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'Warehouse that ships the line, for its markup.' })
  warehouseId?: string;
}

/** A whole cart to price in one currency (internal). */
@Directive('@inaccessible')
@InputType({ description: 'Internal: lines to price in one currency.' })
export class PriceLinesInput {
  @Field(() => CurrencyCodeEnum, { description: 'Currency of the result.' })
  currency!: CurrencyCode;

  @Field(() => [PriceLineInput], { description: 'The lines, priced in this order.' })
  lines!: PriceLineInput[];
}

/** A priced cart line (internal). */
@Directive('@inaccessible')
@ObjectType({ description: `Internal: a priced line. ${PRICING_ORDER}` })
export class PricedLineResult {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Units priced.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'Warehouse whose markup applied, if any.' })
  warehouseId?: string | null;

  @Field(() => VariantPrice, { description: 'The price of the line.' })
  price!: VariantPrice;

  /** Maps a priced request to its GraphQL shape, built once per priced request (see `VariantPrice.from`). */
  static from(p: PricedRequest): PricedLineResult {
    let shape = pricedLineResults.get(p);
    if (!shape) {
      shape = Object.assign(new PricedLineResult(), {
        sku: p.sku,
        quantity: p.quantity,
        warehouseId: p.warehouseId,
        price: VariantPrice.from(p),
      });
      pricedLineResults.set(p, shape);
    }
    return shape;
  }
}
