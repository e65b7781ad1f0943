import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_CATEGORIES, demoId, demoProducts } from '@shopgraph/demo-data';
import { Category, Product, ProductVariant } from './entities/index.js';

/** Seeds the demo catalog once; a database that already has products is left alone. */
export async function seedCatalog(em: EntityManager): Promise<void> {
  if ((await em.count(Product)) > 0) return;
  await em.transactional(async (tx) => {
    const bySlug = new Map<string, Category>();
    for (const c of DEMO_CATEGORIES) {
      const category = tx.create(Category, { slug: c.slug, name: c.name, ...(c.parentSlug ? { parent: bySlug.get(c.parentSlug)! } : {}) });
      bySlug.set(c.slug, category);
    }
    for (const p of demoProducts()) {
      const product = tx.create(Product, {
        id: demoId('product', p.slug),
        slug: p.slug,
        name: p.name,
        description: p.description,
        brand: p.brand,
        category: bySlug.get(p.categorySlug)!,
      });
      for (const v of p.variants) {
        tx.create(ProductVariant, {
          sku: v.sku,
          product,
          name: v.name,
          options: v.options,
          basePriceMinor: BigInt(v.priceVnd),
          weightGrams: v.weightGrams,
        });
      }
    }
  });
}
