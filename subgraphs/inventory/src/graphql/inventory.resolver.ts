import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import type { RequestContext } from '@shopgraph/subgraph';
import { listWarehouses } from '../services/stock.service.js';
import { inventoryLoaders } from './loaders.js';
import { Availability, ProductVariantRef, SkuAvailabilityType, Warehouse } from './types.js';

/** Availability of variants, resolved in batches. */
@Resolver(() => ProductVariantRef)
export class VariantAvailabilityResolver {
  @FieldResolver(() => Availability, { description: 'Units that can be sold now, across active warehouses.' })
  async availability(@Root() variant: ProductVariantRef, @Ctx() ctx: RequestContext): Promise<Availability> {
    const a = await inventoryLoaders(ctx).availability.load(variant.sku);
    return { available: a.available, inStock: a.available > 0 };
  }
}

/** Warehouse queries and internal stock lookups. */
@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Query(() => [Warehouse], { description: 'Every warehouse (admin).' })
  async warehouses(@Ctx() ctx: RequestContext): Promise<Warehouse[]> {
    requireKind(ctx.identity, 'admin', 'service');
    return (await listWarehouses(ctx.em)).map(Warehouse.from);
  }

  @Directive('@inaccessible')
  @Query(() => [SkuAvailabilityType], { description: 'Internal: availability of SKUs (service credential).' })
  async internalAvailability(@Arg('skus', () => [ID]) skus: string[], @Ctx() ctx: RequestContext): Promise<SkuAvailabilityType[]> {
    requireKind(ctx.identity, 'service');
    const found = await inventoryLoaders(ctx).availability.loadMany(skus);
    return found.map((a, i) => (a instanceof Error ? { sku: skus[i]!, available: 0 } : { sku: a.sku, available: a.available }));
  }
}
