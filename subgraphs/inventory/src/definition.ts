import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { inventorySchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedInventory } from './seed.js';

/** The inventory subgraph: warehouses, stock levels and reservations. */
export const definition: SubgraphDefinition = {
  name: 'inventory',
  entities,
  migrations,
  schema: inventorySchema,
  seed: seedInventory,
};
