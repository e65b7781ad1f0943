import { Category } from './category.entity.js';
import { CurrencyRate } from './currency-rate.entity.js';
import { PriceListEntry } from './price-list-entry.entity.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { QuantityTier } from './quantity-tier.entity.js';
import { WarehouseMarkup } from './warehouse-markup.entity.js';

/** Every entity of the catalog schema. */
export const entities = [Category, Product, ProductVariant, CurrencyRate, PriceListEntry, WarehouseMarkup, QuantityTier];
export { Category, CurrencyRate, PriceListEntry, Product, ProductVariant, QuantityTier, WarehouseMarkup };
export { ProductStatus } from './product.entity.js';
export { MarkupKind } from './warehouse-markup.entity.js';
