import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '@shopgraph/subgraph';
import { Category, Product, ProductStatus, ProductVariant } from '../entities/index.js';

/** A page of products in name order. */
export interface ProductPage {
  items: { cursor: string; product: Product }[];
  hasNextPage: boolean;
  totalCount: number;
}

interface NameCursor {
  n: string;
  i: string;
}
const isNameCursor = (v: unknown): v is NameCursor =>
  typeof v === 'object' && v !== null && typeof (v as NameCursor).n === 'string' && typeof (v as NameCursor).i === 'string';

/** Lists active products by name with keyset pagination: stable across pages whatever is inserted. */
export async function listProducts(em: EntityManager, first: number, after?: string): Promise<ProductPage> {
  const base: FilterQuery<Product> = { status: ProductStatus.ACTIVE };
  let where = base;
  if (after) {
    const c = decodeCursor(after, isNameCursor);
    where = { ...base, $or: [{ name: { $gt: c.n } }, { name: c.n, id: { $gt: c.i } }] };
  }
  const [rows, totalCount] = await Promise.all([
    em.find(Product, where, { orderBy: { name: 'asc', id: 'asc' }, limit: first + 1 }),
    em.count(Product, base),
  ]);
  const page = rows.slice(0, first);
  return {
    items: page.map((product) => ({ cursor: encodeCursor({ n: product.name, i: product.id }), product })),
    hasNextPage: rows.length > first,
    totalCount,
  };
}

/** Products by id, in one query. */
export function productsByIds(em: EntityManager, ids: readonly string[]): Promise<Product[]> {
  return em.find(Product, { id: { $in: [...ids] } });
}

/** A product by its slug. */
export function productBySlug(em: EntityManager, slug: string): Promise<Product | null> {
  return em.findOne(Product, { slug });
}

/** Variants by SKU with their products, in one query. */
export function variantsBySkus(em: EntityManager, skus: readonly string[]): Promise<ProductVariant[]> {
  return em.find(ProductVariant, { sku: { $in: [...skus] } }, { populate: ['product'] });
}

/** Variants of several products, in one query. */
export function variantsOfProducts(em: EntityManager, productIds: readonly string[]): Promise<ProductVariant[]> {
  return em.find(ProductVariant, { product: { $in: [...productIds] } }, { orderBy: { sku: 'asc' } });
}

/** Categories by id, in one query. */
export function categoriesByIds(em: EntityManager, ids: readonly string[]): Promise<Category[]> {
  return em.find(Category, { id: { $in: [...ids] } });
}

/** The whole category tree, parents before children. */
export function allCategories(em: EntityManager): Promise<Category[]> {
  return em.find(Category, {}, { orderBy: { slug: 'asc' } });
}
