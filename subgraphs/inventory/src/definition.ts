import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { inventoryConfig } from './config.js';
import { entities } from './entities/index.js';
import { inventorySchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedInventory } from './seed.js';
import { startExpiryScheduler } from './services/expiry.scheduler.js';

/** The inventory subgraph: warehouses, stock levels and reservations. */
export const definition: SubgraphDefinition = {
  name: 'inventory',
  entities,
  migrations,
  events: true,
  schema: inventorySchema,
  seed: seedInventory,
  background: async (runtime) => startExpiryScheduler(runtime.orm.em, runtime.logger, inventoryConfig().INVENTORY_EXPIRY_INTERVAL_SECONDS * 1000),
};
