import { defineEvent } from '@shopgraph/events';

/** What changed about a product. */
export type ProductChange = 'CREATED' | 'UPDATED' | 'ARCHIVED' | 'VARIANT_CREATED' | 'VARIANT_UPDATED' | 'VARIANT_ARCHIVED';

/** A product or one of its variants was created or changed; carries the product's state after the change. */
export const ProductUpdated = defineEvent<{ productId: string; slug: string; status: string; change: ProductChange; skus: string[] }>(
  'catalog.product-updated',
  1,
);

/** Which pricing table changed. */
export type PriceChange = 'BASE_PRICE' | 'LIST_PRICE' | 'CURRENCY_RATE' | 'WAREHOUSE_MARKUP' | 'QUANTITY_TIER';

/**
 * Something that prices depend on changed. `sku` is null when the change touches every SKU (rates,
 * markups, tiers for all); `pricingVersion` is the catalog's pricing version after the change.
 */
export const PriceUpdated = defineEvent<{
  change: PriceChange;
  sku: string | null;
  currency: string | null;
  warehouseId: string | null;
  pricingVersion: string;
}>('catalog.price-updated', 1);

/** Which shipping or tax table changed. */
export type ShippingTaxTable = 'SHIPPING_ZONE' | 'SHIPPING_METHOD' | 'SHIPPING_RATE' | 'TAX_RATE';

/** A shipping or tax table changed (checkout quotes from now on use it); `key` names the row. */
export const ShippingTaxUpdated = defineEvent<{ table: ShippingTaxTable; key: string; removed: boolean }>(
  'catalog.shipping-tax-updated',
  1,
);
