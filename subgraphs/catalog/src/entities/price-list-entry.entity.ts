import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** An explicit price of a SKU in one currency; overrides conversion from the base price. */
@Entity({ tableName: 'price_list_entry' })
export class PriceListEntry {
  @PrimaryKey()
  sku!: string;

  @PrimaryKey({ length: 3 })
  currency!: string;

  @Property({ type: new BigIntType('bigint') })
  amountMinor!: bigint;
}
