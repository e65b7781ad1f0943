import { Field, ID, ObjectType } from 'type-graphql';
import { CurrencyCodeEnum, type CurrencyCode, MoneyType, money } from '@shopgraph/money';
import { connectionTypes } from '@shopgraph/subgraph';
import type { PriceListEntry } from '../entities/index.js';
import { CurrencyRateRecord, QuantityTierRecord, WarehouseMarkupRecord } from './pricing-admin.types.js';

/** A list price: an explicit price of a SKU in one currency. */
@ObjectType({
  description: 'An explicit price of a variant in a currency other than the base one; it overrides conversion from the base price.',
})
export class ListPriceRecord {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => CurrencyCodeEnum, { description: 'Currency of the price.' })
  currency!: CurrencyCode;

  @Field(() => MoneyType, { description: 'The price of one unit, before markups and quantity tiers.' })
  price!: MoneyType;

  /** Maps an entity to its GraphQL shape. */
  static from(e: PriceListEntry): ListPriceRecord {
    const currency = e.currency as CurrencyCode;
    return Object.assign(new ListPriceRecord(), { sku: e.sku, currency, price: MoneyType.from(money(e.amountMinor, currency)) });
  }
}

/** Pages of exchange rates. */
export const { Connection: CurrencyRateConnection } = connectionTypes(CurrencyRateRecord, 'CurrencyRate');
/** Pages of quantity tiers. */
export const { Connection: QuantityTierConnection } = connectionTypes(QuantityTierRecord, 'QuantityTier');
/** Pages of warehouse markups. */
export const { Connection: WarehouseMarkupConnection } = connectionTypes(WarehouseMarkupRecord, 'WarehouseMarkup');
/** Pages of list prices. */
export const { Connection: ListPriceConnection } = connectionTypes(ListPriceRecord, 'ListPrice');
