import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A discount for buying at least `minQuantity` units of a SKU (or of every SKU when `sku` is null). */
@Entity({ tableName: 'quantity_tier' })
@Unique({ name: 'quantity_tier_sku_min_unique', properties: ['sku', 'minQuantity'] })
export class QuantityTier {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'quantity_tier_sku_idx' })
  @Property({ nullable: true })
  sku?: string | null;

  @Property({ columnType: 'int' })
  minQuantity!: number;

  @Property({ columnType: 'int' })
  discountBasisPoints!: number;
}
