import { randomUUID } from 'node:crypto';
import { type Rel, OptionalProps } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Warehouse } from './warehouse.entity.js';

/** Stock of one SKU in one warehouse; available = on hand − reserved − safety stock. */
@Entity({ tableName: 'stock_level' })
@Unique({ name: 'stock_level_sku_warehouse_unique', properties: ['sku', 'warehouse'] })
@Check({ name: 'stock_level_non_negative', expression: 'on_hand >= 0 and reserved >= 0 and safety_stock >= 0' })
@Check({ name: 'stock_level_reserved_within_on_hand', expression: 'reserved <= on_hand' })
export class StockLevel {
  [OptionalProps]?: 'onHand' | 'reserved' | 'safetyStock' | 'lowStockThreshold' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'stock_level_sku_idx' })
  @Property()
  sku!: string;

  @ManyToOne(() => Warehouse, { deleteRule: 'restrict' })
  warehouse!: Rel<Warehouse>;

  @Property({ columnType: 'int' })
  onHand = 0;

  @Property({ columnType: 'int' })
  reserved = 0;

  @Property({ columnType: 'int' })
  safetyStock = 0;

  /** A LowStockAlert is published when available units fall below this. */
  @Property({ columnType: 'int' })
  lowStockThreshold = 5;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
