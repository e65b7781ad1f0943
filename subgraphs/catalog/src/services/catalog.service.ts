import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { Category, Product, type ProductStatus, type TaxCategory, type VariantStatus } from '../entities/index.js';

// The catalog's hot-path statements (here, pricing, quotes, search) run through `PreparedSql` and
// share two conventions: bigint and numeric columns are cast to text (to stay exact, also inside
// JSON), timestamps are read as epoch milliseconds.

/** A product as the read paths return it: plain data, no entity. */
export interface ProductRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  status: ProductStatus;
  taxCategory: TaxCategory;
  createdAt: Date;
  categoryId: string;
}

/** A variant as the read paths return it. */
export interface VariantRow {
  sku: string;
  productId: string;
  name: string;
  options: Record<string, string>;
  weightGrams: number;
  status: VariantStatus;
  basePriceMinor: bigint;
}

/** A category as the read paths return it. */
export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  parentId?: string;
}

/** The product columns every product read selects (table alias `p`), in the shape `productOfRow` reads. */
export const PRODUCT_COLUMNS = `p."id" as p_id, p."slug" as p_slug, p."name" as p_name, p."description" as p_description, p."brand" as p_brand,
  p."status" as p_status, p."tax_category" as p_tax_category, (extract(epoch from p."created_at") * 1000)::float8 as p_created_ms, p."category_id" as p_category_id`;

/** Raw product columns of `PRODUCT_COLUMNS`. */
export interface RawProduct {
  p_id: string;
  p_slug: string;
  p_name: string;
  p_description: string;
  p_brand: string;
  p_status: ProductStatus;
  p_tax_category: TaxCategory;
  p_created_ms: number | string;
  p_category_id: string;
}

/** Maps the `PRODUCT_COLUMNS` of a row to a product. */
export const productOfRow = (r: RawProduct): ProductRow => ({
  id: r.p_id,
  slug: r.p_slug,
  name: r.p_name,
  description: r.p_description,
  brand: r.p_brand,
  status: r.p_status,
  taxCategory: r.p_tax_category,
  createdAt: new Date(Number(r.p_created_ms)),
  categoryId: r.p_category_id,
});

// Every column of the variant (bigint comes back as text from the pool's parsers).
const VARIANT_COLUMNS = `v.*`;

interface RawVariant {
  sku: string;
  product_id: string;
  name: string;
  options: Record<string, string>;
  weight_grams: number;
  status: VariantStatus;
  base_price_minor: string;
}

const variantOfRow = (r: RawVariant): VariantRow => ({
  sku: r.sku,
  productId: r.product_id,
  name: r.name,
  options: r.options,
  weightGrams: r.weight_grams,
  status: r.status,
  basePriceMinor: BigInt(r.base_price_minor),
});

/** Products by id, in one query. */
export async function productsByIds(em: EntityManager, ids: readonly string[]): Promise<ProductRow[]> {
  return (await em.find(Product, { id: { $in: [...ids] } })).map(productOfEntity);
}

/** A product entity as a plain product. */
export function productOfEntity(e: Product): ProductRow {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    description: e.description,
    brand: e.brand,
    status: e.status,
    taxCategory: e.taxCategory,
    createdAt: e.createdAt,
    categoryId: e.category.id,
  };
}

/** A product by its slug. */
export function productBySlug(em: EntityManager, slug: string): Promise<Product | null> {
  return em.findOne(Product, { slug });
}

const VARIANTS_BY_SKUS = `select ${VARIANT_COLUMNS}, ${PRODUCT_COLUMNS},
  c."slug" as c_slug, c."name" as c_name, c."parent_id" as c_parent_id
  from "catalog"."product_variant" v
  join "catalog"."product" p on p."id" = v."product_id"
  join "catalog"."category" c on c."id" = p."category_id"
  where v."sku" = any($1::text[])`;

/** Variants by SKU with their products and the products' categories, in one query of plain rows. */
export async function variantsBySkus(
  em: EntityManager,
  skus: readonly string[],
): Promise<{ variant: VariantRow; product: ProductRow; category: CategoryRow }[]> {
  const rows = await (
    await PreparedSql.of(em)
  ).rows<RawVariant & RawProduct & { c_slug: string; c_name: string; c_parent_id: string | null }>(
    'catalog.variants-by-skus',
    VARIANTS_BY_SKUS,
    [[...skus]],
  );
  return rows.map((r) => ({
    variant: variantOfRow(r),
    product: productOfRow(r),
    category: { id: r.p_category_id, slug: r.c_slug, name: r.c_name, ...(r.c_parent_id ? { parentId: r.c_parent_id } : {}) },
  }));
}

const VARIANTS_OF_PRODUCTS = `select ${VARIANT_COLUMNS} from "catalog"."product_variant" v
  where v."product_id" = any($1::uuid[]) and v."status" = 'ACTIVE' order by v."sku" asc`;

/** Active variants of several products (ids as the listing returns them), in one query of plain rows. */
export async function variantsOfProducts(em: EntityManager, productIds: readonly string[]): Promise<VariantRow[]> {
  return (await (await PreparedSql.of(em)).rows<RawVariant>('catalog.variants-of-products', VARIANTS_OF_PRODUCTS, [[...productIds]])).map(
    variantOfRow,
  );
}

/** Categories by id, in one query. */
export function categoriesByIds(em: EntityManager, ids: readonly string[]): Promise<Category[]> {
  return em.find(Category, { id: { $in: [...ids] } });
}

/** The whole category tree, parents before children. */
export function allCategories(em: EntityManager): Promise<Category[]> {
  return em.find(Category, {}, { orderBy: { slug: 'asc' } });
}
