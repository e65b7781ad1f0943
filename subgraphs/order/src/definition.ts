import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { orderSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';

/** The order subgraph: carts, checkout and orders. */
export const definition: SubgraphDefinition = {
  name: 'order',
  entities,
  migrations,
  schema: orderSchema,
};
