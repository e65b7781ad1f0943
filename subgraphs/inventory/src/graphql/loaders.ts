import { hasPermission } from '@shopgraph/auth';
import { PreparedSql } from '@shopgraph/db';
import { type RequestContext, orderByKeys } from '@shopgraph/subgraph';
import { type SkuAvailability, availabilityOf } from '../services/availability-store.js';
import { warehousesByIds } from '../services/stock.service.js';
import { Warehouse } from './types.js';

/**
 * Per-request batch loaders of the inventory. Variant availability, product `inStock` and
 * `internalAvailability` share one loader, so a request reads stock with one statement per tick;
 * only admins, who see the levels, get them.
 */
export function inventoryLoaders(ctx: RequestContext) {
  return {
    availability: ctx.loaders.get<string, SkuAvailability>('availability', async (skus) =>
      availabilityOf(await PreparedSql.of(ctx.em), skus, { levels: hasPermission(ctx.identity, 'inventory:read') }),
    ),
    warehouse: ctx.loaders.get<string, Warehouse | null>('warehouse', async (ids) =>
      orderByKeys(ids, (await warehousesByIds(ctx.em, ids)).map(Warehouse.from), (w) => w.id),
    ),
  };
}
