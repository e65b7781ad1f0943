import { type RequestContext, orderByKeys } from '@shopgraph/subgraph';
import { type SkuAvailability, availabilityOf, skusInStock, warehousesByIds } from '../services/stock.service.js';
import { Warehouse } from './types.js';

/** Per-request batch loaders of the inventory. */
export function inventoryLoaders(ctx: RequestContext) {
  return {
    availability: ctx.loaders.get<string, SkuAvailability>('availability', (skus) => availabilityOf(ctx.em, skus)),
    inStock: ctx.loaders.get<string, boolean>('inStock', async (skus) => {
      const stocked = await skusInStock(ctx.em, skus);
      return skus.map((sku) => stocked.has(sku));
    }),
    warehouse: ctx.loaders.get<string, Warehouse | null>('warehouse', async (ids) =>
      orderByKeys(ids, (await warehousesByIds(ctx.em, ids)).map(Warehouse.from), (w) => w.id),
    ),
  };
}
