import { type SubgraphDefinition, type SubgraphRuntime, startSweeper } from '@shopgraph/subgraph';
import { inventoryConfig } from './config.js';
import { entities } from './entities/index.js';
import { ORDER_EVENTS_CONSUMER, ORDER_EVENT_NAMES, handleOrderEvent } from './events/order-events.handler.js';
import { inventorySchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedInventory } from './seed.js';
import { expireDue } from './services/reservation.service.js';

/** Sweeps expired reservations and consumes the order events that put stock back; returns what stops them. */
async function startInventoryBackground(runtime: SubgraphRuntime): Promise<() => Promise<void>> {
  const bus = runtime.bus;
  if (!bus) throw new Error('The inventory subgraph needs its event bus');
  await bus.subscribe(ORDER_EVENTS_CONSUMER, ORDER_EVENT_NAMES, (envelope) => handleOrderEvent(runtime.orm.em.fork(), envelope));
  return startSweeper(
    { done: 'expired reservations released', failed: 'reservation expiry failed', run: () => expireDue(runtime.orm.em.fork()) },
    inventoryConfig().INVENTORY_EXPIRY_INTERVAL_SECONDS * 1000,
    runtime.logger,
  );
}

/** The inventory subgraph: warehouses, stock levels and reservations. */
export const definition: SubgraphDefinition = {
  name: 'inventory',
  entities,
  migrations,
  events: true,
  schema: inventorySchema,
  seed: seedInventory,
  background: startInventoryBackground,
};
