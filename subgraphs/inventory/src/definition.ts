import { type SubgraphDefinition, startSweeper } from '@shopgraph/subgraph';
import { inventoryConfig } from './config.js';
import { entities } from './entities/index.js';
import { inventorySchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedInventory } from './seed.js';
import { expireDue } from './services/reservation.service.js';

/** The inventory subgraph: warehouses, stock levels and reservations. */
export const definition: SubgraphDefinition = {
  name: 'inventory',
  entities,
  migrations,
  events: true,
  schema: inventorySchema,
  seed: seedInventory,
  background: async (runtime) =>
    startSweeper(
      { done: 'expired reservations released', failed: 'reservation expiry failed', run: () => expireDue(runtime.orm.em.fork()) },
      inventoryConfig().INVENTORY_EXPIRY_INTERVAL_SECONDS * 1000,
      runtime.logger,
    ),
};
