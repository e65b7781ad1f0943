import { randomUUID } from 'node:crypto';
import { Collection, type Rel, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Category } from './category.entity.js';
import { ProductVariant } from './product-variant.entity.js';

/** Lifecycle of a product: only active products are listed and sellable. */
export enum ProductStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

/** Tax category of a product: which of a destination's tax rates applies to it. */
export enum TaxCategory {
  STANDARD = 'STANDARD',
  REDUCED = 'REDUCED',
  ZERO = 'ZERO',
}

/** A product: what a shopper browses; sold as one of its variants. */
@Entity({ tableName: 'product' })
// Trigram index behind partial-word search over name and description (ILIKE '%term%').
@Index({
  name: 'product_search_trgm_idx',
  expression: `create index "product_search_trgm_idx" on "catalog"."product" using gin (("name" || ' ' || "description") public.gin_trgm_ops)`,
})
export class Product {
  [OptionalProps]?: 'description' | 'brand' | 'status' | 'taxCategory' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique({ name: 'product_slug_unique' })
  @Property()
  slug!: string;

  @Index({ name: 'product_name_idx' })
  @Property()
  name!: string;

  @Property({ type: 'text' })
  description = '';

  @Property()
  brand = '';

  @Enum({ items: () => ProductStatus, nativeEnumName: 'product_status' })
  status: ProductStatus = ProductStatus.ACTIVE;

  @Enum({ items: () => TaxCategory, nativeEnumName: 'tax_category' })
  taxCategory: TaxCategory = TaxCategory.STANDARD;

  @Index({ name: 'product_category_idx' })
  @ManyToOne(() => Category, { deleteRule: 'restrict' })
  category!: Rel<Category>;

  @OneToMany(() => ProductVariant, (v) => v.product, { orderBy: { sku: 'asc' } })
  variants = new Collection<ProductVariant>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
