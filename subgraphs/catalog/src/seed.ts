import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_CATEGORIES, demoId, demoProducts } from '@shopgraph/demo-data';
import { Category, CurrencyRate, Product, ProductVariant, QuantityTier } from './entities/index.js';

/** Demo exchange rates from the VND base, effective since the start of 2026. */
const DEMO_RATES = [
  { currency: 'USD', rate: '0.0000393' },
  { currency: 'EUR', rate: '0.0000365' },
];

/** Demo quantity tiers for every SKU: 5+ units 5% off, 10+ units 10% off. */
const DEMO_TIERS = [
  { minQuantity: 5, discountBasisPoints: 500 },
  { minQuantity: 10, discountBasisPoints: 1000 },
];

/**
 * Seeds the demo catalog once; each part (products, rates, tiers) is seeded only where its table
 * is empty, so a database from an older demo still gains what was added since.
 */
export async function seedCatalog(em: EntityManager): Promise<void> {
  await seedPricing(em);
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

async function seedPricing(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    if ((await tx.count(CurrencyRate)) === 0) {
      const effectiveFrom = new Date('2026-01-01T00:00:00Z');
      for (const r of DEMO_RATES) tx.create(CurrencyRate, { ...r, effectiveFrom });
    }
    if ((await tx.count(QuantityTier)) === 0) {
      for (const t of DEMO_TIERS) tx.create(QuantityTier, { sku: null, ...t });
    }
  });
}
