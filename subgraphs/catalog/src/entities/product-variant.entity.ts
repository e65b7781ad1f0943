import { BigIntType, type Rel, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Product } from './product.entity.js';

/** Lifecycle of a variant: archived variants are no longer listed under their product nor priced for a cart. */
export enum VariantStatus {
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

/** A sellable variant of a product, identified by its SKU. */
@Entity({ tableName: 'product_variant' })
export class ProductVariant {
  [OptionalProps]?: 'options' | 'weightGrams' | 'status';

  @PrimaryKey()
  sku!: string;

  @Index({ name: 'product_variant_product_idx' })
  @ManyToOne(() => Product, { deleteRule: 'cascade' })
  product!: Rel<Product>;

  @Property()
  name!: string;

  @Property({ type: 'jsonb' })
  options: Record<string, string> = {};

  /** Base price in the shop's base currency, minor units. */
  @Property({ type: new BigIntType('bigint') })
  basePriceMinor!: bigint;

  @Property({ columnType: 'int' })
  weightGrams = 0;

  @Enum({ items: () => VariantStatus, nativeEnumName: 'variant_status' })
  status: VariantStatus = VariantStatus.ACTIVE;
}
