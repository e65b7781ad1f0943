import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { CategoryResolver } from './category.resolver.js';
import { CheckoutQuoteResolver } from './checkout-quote.resolver.js';
import { catalogLoaders } from './loaders.js';
import { PricingAdminResolver } from './pricing-admin.resolver.js';
import { ProductAdminResolver } from './product-admin.resolver.js';
import { PricingRulesResolver } from './pricing-rules.resolver.js';
import { ProductResolver } from './product.resolver.js';
import { ShippingTaxAdminResolver } from './shipping-tax-admin.resolver.js';
import { VariantResolver } from './variant.resolver.js';

/** The catalog subgraph schema. */
export function catalogSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'Query.product.id',
      'ProductFilterInput.categoryId',
      'ProductVariant.price.warehouseId',
      'PriceLineInput.warehouseId',
      'SetWarehouseMarkupInput.warehouseId',
      'CreateProductInput.categoryId',
      'UpdateProductInput.id',
      'UpdateProductInput.categoryId',
      'ArchiveProductInput.id',
      'CreateProductVariantInput.productId',
    ],
    resolvers: [
      ProductResolver,
      VariantResolver,
      CategoryResolver,
      PricingAdminResolver,
      PricingRulesResolver,
      ProductAdminResolver,
      ShippingTaxAdminResolver,
      CheckoutQuoteResolver,
    ],
    references: {
      Product: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => catalogLoaders(ctx).product.load(ref.id) },
      ProductVariant: { __resolveReference: (ref: { sku: string }, ctx: RequestContext) => catalogLoaders(ctx).variant.load(ref.sku) },
      Category: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => catalogLoaders(ctx).category.load(ref.id) },
    },
  });
}
