import { Category } from './category.entity.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';

/** Every entity of the catalog schema. */
export const entities = [Category, Product, ProductVariant];
export { Category, Product, ProductVariant };
export { ProductStatus } from './product.entity.js';
