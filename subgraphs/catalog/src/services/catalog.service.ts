import type { EntityManager } from '@mikro-orm/postgresql';
import { Category, Product, ProductVariant, VariantStatus } from '../entities/index.js';

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

/** Active variants of several products, in one query. */
export function variantsOfProducts(em: EntityManager, productIds: readonly string[]): Promise<ProductVariant[]> {
  return em.find(ProductVariant, { product: { $in: [...productIds] }, status: VariantStatus.ACTIVE }, { orderBy: { sku: 'asc' } });
}

/** Categories by id, in one query. */
export function categoriesByIds(em: EntityManager, ids: readonly string[]): Promise<Category[]> {
  return em.find(Category, { id: { $in: [...ids] } });
}

/** The whole category tree, parents before children. */
export function allCategories(em: EntityManager): Promise<Category[]> {
  return em.find(Category, {}, { orderBy: { slug: 'asc' } });
}
