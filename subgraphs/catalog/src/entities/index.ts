import { Category } from './category.entity.js';
import { CurrencyRate } from './currency-rate.entity.js';
import { PriceListEntry } from './price-list-entry.entity.js';
import { PricingVersion } from './pricing-version.entity.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { QuantityTier } from './quantity-tier.entity.js';
import { ShippingMethod } from './shipping-method.entity.js';
import { ShippingRate } from './shipping-rate.entity.js';
import { ShippingZone } from './shipping-zone.entity.js';
import { ShippingZoneCountry } from './shipping-zone-country.entity.js';
import { TaxRate } from './tax-rate.entity.js';
import { WarehouseMarkup } from './warehouse-markup.entity.js';

/** Every entity of the catalog schema. */
export const entities = [
  Category,
  Product,
  ProductVariant,
  CurrencyRate,
  PriceListEntry,
  WarehouseMarkup,
  QuantityTier,
  ShippingZone,
  ShippingZoneCountry,
  ShippingMethod,
  ShippingRate,
  TaxRate,
  PricingVersion,
];
export {
  Category,
  CurrencyRate,
  PriceListEntry,
  Product,
  ProductVariant,
  QuantityTier,
  WarehouseMarkup,
  ShippingZone,
  ShippingZoneCountry,
  ShippingMethod,
  ShippingRate,
  TaxRate,
  PricingVersion,
};
export { ProductStatus, TaxCategory } from './product.entity.js';
export { MarkupKind } from './warehouse-markup.entity.js';
export { VariantStatus } from './product-variant.entity.js';
