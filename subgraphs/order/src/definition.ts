import { type SubgraphDefinition, startSweeper } from '@shopgraph/subgraph';
import { orderConfig } from './config.js';
import { entities } from './entities/index.js';
import { orderSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { expireDueSessions } from './services/checkout-session.service.js';

/** The order subgraph: carts, checkout and orders. */
export const definition: SubgraphDefinition = {
  name: 'order',
  entities,
  migrations,
  schema: orderSchema,
  background: async (runtime) =>
    startSweeper(
      { done: 'expired checkout sessions closed', failed: 'checkout expiry failed', run: () => expireDueSessions(runtime.orm.em.fork(), runtime) },
      orderConfig().CHECKOUT_EXPIRY_INTERVAL_SECONDS * 1000,
      runtime.logger,
    ),
};
