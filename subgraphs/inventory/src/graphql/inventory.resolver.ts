import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import type { RequestContext } from '@shopgraph/subgraph';
import { StockMovementKind } from '../entities/index.js';
import { adjustStock, listWarehouses } from '../services/stock.service.js';
import { inventoryLoaders } from './loaders.js';
import {
  AdjustStockInput,
  AdjustStockPayload,
  Availability,
  ProductRef,
  ProductVariantRef,
  SkuAvailabilityType,
  StockLevel,
  Warehouse,
} from './types.js';

/** Availability of variants, resolved in batches. */
@Resolver(() => ProductVariantRef)
export class VariantAvailabilityResolver {
  @FieldResolver(() => Availability, { description: 'Units that can be sold now, across active warehouses.' })
  async availability(@Root() variant: ProductVariantRef, @Ctx() ctx: RequestContext): Promise<Availability> {
    const a = await inventoryLoaders(ctx).availability.load(variant.sku);
    return { available: a.available, inStock: a.available > 0, warehouses: a.levels?.map(StockLevel.from) ?? null };
  }
}

/** Whether products are in stock, from the SKUs the catalog provides (`@requires`), in batches. */
@Resolver(() => ProductRef)
export class ProductStockResolver {
  @FieldResolver(() => Boolean, { description: 'Whether at least one unit of any variant can be sold now, across active warehouses.' })
  async inStock(@Root() product: ProductRef, @Ctx() ctx: RequestContext): Promise<boolean> {
    const { availability } = inventoryLoaders(ctx);
    return (await Promise.all((product.variants ?? []).map((v) => availability.load(v.sku)))).some((a) => a.available > 0);
  }
}

/** The movement kind recorded for each kind of admin adjustment. */
const ADJUSTMENT_KINDS = {
  RECEIPT: StockMovementKind.RECEIPT,
  ADJUSTMENT: StockMovementKind.ADJUSTMENT,
  RETURN: StockMovementKind.RETURN,
} as const;

/** Warehouse queries, stock adjustments and internal stock lookups. */
@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Query(() => [Warehouse], { description: 'Every warehouse (admin).' })
  @RequiresPermission('inventory:read', { service: true })
  async warehouses(@Ctx() ctx: RequestContext): Promise<Warehouse[]> {
    return (await listWarehouses(ctx.em)).map(Warehouse.from);
  }

  @Directive('@inaccessible')
  @Query(() => [SkuAvailabilityType], { description: 'Internal: availability of SKUs (service credential).' })
  async internalAvailability(@Arg('skus', () => [ID]) skus: string[], @Ctx() ctx: RequestContext): Promise<SkuAvailabilityType[]> {
    requireKind(ctx.identity, 'service');
    const found = await inventoryLoaders(ctx).availability.loadMany(skus);
    return found.map((a, i) => (a instanceof Error ? { sku: skus[i]!, available: 0 } : { sku: a.sku, available: a.available }));
  }

  @Mutation(() => AdjustStockPayload, {
    description:
      'Admin: receives, returns or corrects the units on hand of a SKU in a warehouse; every change is recorded as a stock movement.',
  })
  @RequiresPermission('inventory:write')
  async adjustStock(
    @Arg('input', () => AdjustStockInput) input: AdjustStockInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AdjustStockPayload> {
    const result = await adjustStock(ctx.em, {
      sku: input.sku,
      warehouseId: input.warehouseId,
      quantityDelta: input.quantityDelta,
      kind: ADJUSTMENT_KINDS[input.kind],
      reason: input.reason ?? undefined,
    });
    return { stockLevel: result.level ? StockLevel.from(result.level) : null, userErrors: result.userErrors };
  }
}
