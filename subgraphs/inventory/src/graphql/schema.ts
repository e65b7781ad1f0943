import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { VariantAvailabilityResolver, WarehouseResolver } from './inventory.resolver.js';
import { inventoryLoaders } from './loaders.js';
import { ReservationResolver } from './reservation.resolver.js';
import { ProductVariantRef } from './types.js';

/** The inventory subgraph schema. */
export function inventorySchema() {
  return buildFederatedSchema({
    resolvers: [VariantAvailabilityResolver, WarehouseResolver, ReservationResolver],
    orphanedTypes: [ProductVariantRef],
    references: {
      ProductVariant: { __resolveReference: (ref: { sku: string }) => Object.assign(new ProductVariantRef(), { sku: ref.sku }) },
      Warehouse: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => inventoryLoaders(ctx).warehouse.load(ref.id) },
    },
  });
}
