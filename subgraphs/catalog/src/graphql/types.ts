import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BigIntScalar } from '@shopgraph/money';
import { connectionTypes } from '@shopgraph/subgraph';
import { ProductStatus, TaxCategory, VariantStatus } from '../entities/index.js';
import { ProductSort } from '../services/product-search.service.js';
import type { Category as CategoryEntity, Product as ProductEntity, ProductVariant as VariantEntity } from '../entities/index.js';
import { type CategoryRow, type ProductRow, type VariantRow, productOfEntity } from '../services/catalog.service.js';

registerEnumType(ProductSort, {
  name: 'ProductSort',
  description:
    'Order of the product list: RELEVANCE (search similarity; name without a search), PRICE_ASC, PRICE_DESC (lowest variant base price), NEWEST, NAME.',
});

/** Filters of the product list. */
@InputType({ description: 'Filters of the product list; all given ones must match.' })
export class ProductFilterInput {
  @Field(() => ID, { nullable: true, description: 'A category; its descendants are included.' })
  categoryId?: string;

  @Field(() => BigIntScalar, { nullable: true, description: 'Lowest variant base price at least this, in base-currency minor units.' })
  minPriceMinor?: bigint;

  @Field(() => BigIntScalar, { nullable: true, description: 'Lowest variant base price at most this, in base-currency minor units.' })
  maxPriceMinor?: bigint;

  @Field({ nullable: true, description: 'Text in the name or description; partial words match.' })
  search?: string;
}

registerEnumType(ProductStatus, { name: 'ProductStatus', description: 'Lifecycle of a product; only ACTIVE products are sold.' });
registerEnumType(VariantStatus, {
  name: 'VariantStatus',
  description: 'Lifecycle of a variant: ARCHIVED variants are no longer listed under their product.',
});
registerEnumType(TaxCategory, {
  name: 'TaxCategory',
  description: "Which of a destination's tax rates applies to a product: STANDARD (the default), REDUCED or ZERO.",
});

/** A category of the catalog tree. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A category of the catalog tree.' })
export class Category {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'URL-safe unique name.' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  parentId?: string;

  /** Maps an entity to its GraphQL shape. */
  static from(e: CategoryEntity): Category {
    return Object.assign(new Category(), { id: e.id, slug: e.slug, name: e.name, parentId: e.parent?.id });
  }

  /** Maps a plain row to its GraphQL shape. */
  static fromRow(r: CategoryRow): Category {
    return Object.assign(new Category(), { id: r.id, slug: r.slug, name: r.name, parentId: r.parentId });
  }
}

/** One option of a variant, e.g. size M. */
@ObjectType({ description: 'One option of a variant, such as size M or colour Black.' })
export class VariantOption {
  @Field({ description: 'Option name, e.g. "size".' })
  name!: string;

  @Field({ description: 'Option value, e.g. "M".' })
  value!: string;
}

/** A sellable variant of a product. */
@Directive('@key(fields: "sku")')
@ObjectType({ description: 'A sellable variant of a product, identified by its SKU.' })
export class ProductVariant {
  @Field(() => ID, { description: "Stock keeping unit: the variant's unique code." })
  sku!: string;

  @Field({ description: 'Display name including the options.' })
  name!: string;

  @Field(() => [VariantOption], { description: 'Options that distinguish this variant.' })
  options!: VariantOption[];

  @Field(() => Int, { description: 'Shipping weight in grams.' })
  weightGrams!: number;

  @Field(() => VariantStatus, { description: 'Lifecycle status.' })
  status!: VariantStatus;

  productId!: string;
  /** The product, when the variant was read together with it (its field then needs no loader). */
  joinedProduct?: Product;
  basePriceMinor!: bigint;

  /** Maps an entity to its GraphQL shape. */
  static from(e: VariantEntity): ProductVariant {
    return ProductVariant.fromRow({ ...e, productId: e.product.id });
  }

  /** Maps a plain row to its GraphQL shape. */
  static fromRow(r: VariantRow): ProductVariant {
    return Object.assign(new ProductVariant(), {
      sku: r.sku,
      name: r.name,
      options: Object.entries(r.options).map(([name, value]) => ({ name, value })),
      weightGrams: r.weightGrams,
      status: r.status,
      productId: r.productId,
      basePriceMinor: r.basePriceMinor,
    });
  }
}

/** A product of the catalog. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A product of the catalog, sold as one of its variants.' })
export class Product {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'URL-safe unique name.' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'Long description (plain text).' })
  description!: string;

  @Field({ description: 'Brand or maker.' })
  brand!: string;

  @Field(() => ProductStatus, { description: 'Lifecycle status.' })
  status!: ProductStatus;

  @Field(() => TaxCategory, { description: "Tax category: which of the destination's tax rates applies." })
  taxCategory!: TaxCategory;

  @Field({ description: 'When the product was created.' })
  createdAt!: Date;

  categoryId!: string;
  /** The category, when the product was read together with it (its field then needs no loader). */
  joinedCategory?: Category;

  /** Maps an entity to its GraphQL shape. */
  static from(e: ProductEntity): Product {
    return Product.fromRow(productOfEntity(e));
  }

  /** Maps a plain row to its GraphQL shape. */
  static fromRow(r: ProductRow): Product {
    return Object.assign(new Product(), r);
  }
}

export const { Connection: ProductConnection, Edge: ProductEdge } = connectionTypes(Product, 'Product');
