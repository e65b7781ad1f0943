import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { ProductStockResolver, VariantAvailabilityResolver, WarehouseResolver } from './inventory.resolver.js';
import { inventoryLoaders } from './loaders.js';
import { ReservationResolver } from './reservation.resolver.js';
import { ProductRef, ProductVariantRef } from './types.js';

/** The inventory subgraph schema. */
export function inventorySchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'AdjustStockInput.warehouseId',
      'ReserveStockLineInput.warehouseId',
      'ExtendReservationInput.reservationId',
      'SettleReservationInput.reservationId',
    ],
    resolvers: [VariantAvailabilityResolver, ProductStockResolver, WarehouseResolver, ReservationResolver],
    orphanedTypes: [ProductVariantRef, ProductRef],
    references: {
      // The gateway sends the variants' SKUs with each product, fetched from the catalog (@requires).
      Product: {
        __resolveReference: (ref: { id: string; variants?: { sku: string }[] }) =>
          Object.assign(new ProductRef(), {
            id: ref.id,
            variants: (ref.variants ?? []).map((v) => Object.assign(new ProductVariantRef(), { sku: v.sku })),
          }),
      },
      ProductVariant: { __resolveReference: (ref: { sku: string }) => Object.assign(new ProductVariantRef(), { sku: ref.sku }) },
      Warehouse: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => inventoryLoaders(ctx).warehouse.load(ref.id) },
    },
  });
}
