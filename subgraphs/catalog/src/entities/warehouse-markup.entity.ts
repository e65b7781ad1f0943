import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** How a warehouse marks up: basis points of the unit price, or a fixed base-currency amount. */
export enum MarkupKind {
  PERCENT = 'PERCENT',
  FIXED = 'FIXED',
}

/** The markup a warehouse adds to every unit it ships. */
@Entity({ tableName: 'warehouse_markup' })
export class WarehouseMarkup {
  @PrimaryKey({ type: 'uuid' })
  warehouseId!: string;

  @Enum({ items: () => MarkupKind, nativeEnumName: 'markup_kind' })
  kind!: MarkupKind;

  /** Basis points for PERCENT, base-currency minor units for FIXED. */
  @Property({ type: new BigIntType('bigint') })
  value!: bigint;
}
