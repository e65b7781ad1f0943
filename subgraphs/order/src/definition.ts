import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { orderConfig } from './config.js';
import { entities } from './entities/index.js';
import { orderSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { startCheckoutExpiry } from './services/checkout-session.service.js';

/** The order subgraph: carts, checkout and orders. */
export const definition: SubgraphDefinition = {
  name: 'order',
  entities,
  migrations,
  schema: orderSchema,
  background: async (runtime) => startCheckoutExpiry(runtime, orderConfig().CHECKOUT_EXPIRY_INTERVAL_SECONDS * 1000),
};
