import type { RequestContext } from '@shopgraph/subgraph';
import { groupByKeys, orderByKeys } from '@shopgraph/subgraph';
import { categoriesByIds, productsByIds, variantsBySkus, variantsOfProducts } from '../services/catalog.service.js';
import { Category, Product, ProductVariant } from './types.js';

/** Per-request batch loaders of the catalog: one query per kind per request tick. */
export function catalogLoaders(ctx: RequestContext) {
  return {
    product: ctx.loaders.get<string, Product | null>('product', async (ids) =>
      orderByKeys(ids, (await productsByIds(ctx.em, ids)).map(Product.from), (p) => p.id),
    ),
    variant: ctx.loaders.get<string, ProductVariant | null>('variant', async (skus) =>
      orderByKeys(skus, (await variantsBySkus(ctx.em, skus)).map(ProductVariant.from), (v) => v.sku),
    ),
    variantsOfProduct: ctx.loaders.get<string, ProductVariant[]>('variantsOfProduct', async (ids) =>
      groupByKeys(ids, (await variantsOfProducts(ctx.em, ids)).map(ProductVariant.from), (v) => v.productId),
    ),
    category: ctx.loaders.get<string, Category | null>('category', async (ids) =>
      orderByKeys(ids, (await categoriesByIds(ctx.em, ids)).map(Category.from), (c) => c.id),
    ),
  };
}
