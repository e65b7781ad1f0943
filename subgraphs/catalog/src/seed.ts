import type { EntityManager } from '@mikro-orm/postgresql';
import { bumpPricingVersion } from './services/price-change.service.js';
import { DEMO_CATEGORIES, DEMO_SHIPPING_METHODS, DEMO_SHIPPING_ZONES, DEMO_TAX_RATES, demoId, demoProducts } from '@shopgraph/demo-data';
import {
  Category,
  CurrencyRate,
  Product,
  ProductVariant,
  QuantityTier,
  ShippingMethod,
  ShippingRate,
  ShippingZone,
  ShippingZoneCountry,
  TaxCategory,
  TaxRate,
} from './entities/index.js';

/** Demo exchange rates from the VND base, effective since the start of 2026. */
const DEMO_RATES = [
  { currency: 'USD', rate: '0.0000393' },
  { currency: 'EUR', rate: '0.0000365' },
  { currency: 'GBP', rate: '0.0000302' },
  { currency: 'JPY', rate: '0.0059' },
];

/** Demo quantity tiers for every SKU: 5+ units 5% off, 10+ units 10% off. */
const DEMO_TIERS = [
  { minQuantity: 5, discountBasisPoints: 500 },
  { minQuantity: 10, discountBasisPoints: 1000 },
];

/**
 * Seeds the demo catalog once; each part (products, rates per currency, tiers, shipping, tax) is
 * seeded only where it is missing, so a database from an older demo still gains what was added since.
 */
export async function seedCatalog(em: EntityManager): Promise<void> {
  await seedPricing(em);
  await seedShippingAndTax(em);
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
    const known = new Set((await tx.find(CurrencyRate, {}, { fields: ['currency'] })).map((r) => r.currency));
    const effectiveFrom = new Date('2026-01-01T00:00:00Z');
    for (const r of DEMO_RATES) if (!known.has(r.currency)) tx.create(CurrencyRate, { ...r, effectiveFrom });
    if ((await tx.count(QuantityTier)) === 0) {
      for (const t of DEMO_TIERS) tx.create(QuantityTier, { sku: null, ...t });
    }
  });
}

async function seedShippingAndTax(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    let seeded = false;
    if ((await tx.count(ShippingZone)) === 0) {
      seeded = true;
      const zones = new Map<string, ShippingZone>();
      for (const z of DEMO_SHIPPING_ZONES) {
        const zone = tx.create(ShippingZone, { code: z.code, name: z.name });
        for (const countryCode of z.countries) tx.create(ShippingZoneCountry, { countryCode, zone });
        zones.set(z.code, zone);
      }
      for (const m of DEMO_SHIPPING_METHODS) {
        const method = tx.create(ShippingMethod, {
          code: m.code,
          name: m.name,
          description: m.description,
          estimatedDaysMin: m.estimatedDaysMin,
          estimatedDaysMax: m.estimatedDaysMax,
          freeShippingThresholdMinor: m.freeShippingThresholdVnd === null ? null : BigInt(m.freeShippingThresholdVnd),
        });
        for (const [zoneCode, bands] of Object.entries(m.bands)) {
          for (const [minWeightGrams, maxWeightGrams, price] of bands) {
            tx.create(ShippingRate, { method, zone: zones.get(zoneCode)!, minWeightGrams, maxWeightGrams, priceMinor: BigInt(price) });
          }
        }
      }
    }
    if ((await tx.count(TaxRate)) === 0) {
      for (const t of DEMO_TAX_RATES) {
        tx.create(TaxRate, {
          countryCode: t.countryCode,
          region: t.region ?? '',
          category: TaxCategory[t.category],
          ratePercent: t.ratePercent,
          inclusive: t.inclusive,
        });
      }
      seeded = true;
    }
    await tx.flush();
    // Like every shipping or tax change: instances already running drop their cached tables.
    if (seeded) await bumpPricingVersion(tx);
  });
}
