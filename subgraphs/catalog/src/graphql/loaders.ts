import type { RequestContext } from '@shopgraph/subgraph';
import { groupByKeys, orderByKeys } from '@shopgraph/subgraph';
import { categoriesByIds, productsByIds, variantsBySkus, variantsOfProducts } from '../services/catalog.service.js';
import type { CurrencyCode } from '@shopgraph/money';
import { priceCacheOf, pricesThroughCache } from '../services/cached-pricing.service.js';
import type { PriceRequest, PricedRequest } from '../services/pricing.service.js';
import { Category, Product, ProductVariant } from './types.js';

/** A price to load: one line in one currency. */
export interface PriceKey extends PriceRequest {
  currency: CurrencyCode;
}

/** Prices keys grouped by currency through the price cache: one bounded batch of misses per currency in the request tick. */
async function loadPrices(ctx: RequestContext, keys: readonly PriceKey[]): Promise<PricedRequest[]> {
  const out = new Array<PricedRequest>(keys.length);
  const byCurrency = new Map<CurrencyCode, number[]>();
  keys.forEach((k, i) => {
    const indexes = byCurrency.get(k.currency);
    if (indexes) indexes.push(i);
    else byCurrency.set(k.currency, [i]);
  });
  await Promise.all(
    [...byCurrency].map(async ([currency, indexes]) => {
      const priced = await pricesThroughCache(
        ctx.em,
        priceCacheOf(ctx.runtime),
        ctx.runtime.config.BASE_CURRENCY,
        currency,
        indexes.map((i) => keys[i]!),
        { fresh: false },
      );
      indexes.forEach((i, j) => (out[i] = priced[j]!));
    }),
  );
  return out;
}

/** Per-request batch loaders of the catalog: one query per kind per request tick. */
export function catalogLoaders(ctx: RequestContext) {
  const product = ctx.loaders.get<string, Product | null>('product', async (ids) =>
    orderByKeys(ids, (await productsByIds(ctx.em, ids)).map(Product.fromRow), (p) => p.id),
  );
  const category = ctx.loaders.get<string, Category | null>('category', async (ids) =>
    orderByKeys(ids, (await categoriesByIds(ctx.em, ids)).map(Category.from), (c) => c.id),
  );
  return {
    product,
    variant: ctx.loaders.get<string, ProductVariant | null>('variant', async (skus) => {
      const rows = await variantsBySkus(ctx.em, skus);
      // The query joined each variant's product and category: prime their loaders so `variant.product { category }` costs no more queries.
      // Variants also carry their product, and products their category, so those fields resolve without a loader.
      const products = new Map<string, Product>();
      const variants = rows.map((row) => {
        let p = products.get(row.product.id);
        if (!p) {
          p = Object.assign(Product.fromRow(row.product), { joinedCategory: Category.fromRow(row.category) });
          products.set(p.id, p);
          product.prime(p.id, p);
          category.prime(row.category.id, p.joinedCategory!);
        }
        return Object.assign(ProductVariant.fromRow(row.variant), { joinedProduct: p });
      });
      return orderByKeys(skus, variants, (v) => v.sku);
    }),
    variantsOfProduct: ctx.loaders.get<string, ProductVariant[]>('variantsOfProduct', async (ids) =>
      groupByKeys(ids, (await variantsOfProducts(ctx.em, ids)).map(ProductVariant.fromRow), (v) => v.productId),
    ),
    price: ctx.loaders.get<PriceKey, PricedRequest>('price', (keys) => loadPrices(ctx, keys), {
      cacheKeyFn: (k) => `${k.currency}|${k.sku}|${k.quantity}|${k.warehouseId ?? ''}`,
    }),
    category,
  };
}
