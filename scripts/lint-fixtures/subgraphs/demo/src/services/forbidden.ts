import { definition } from '@shopgraph/review';
import { Product } from '../../../catalog/src/entities/product.entity.js';
export * from '../../../inventory/src/index.js';
