import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { catalogSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { startPriceCache } from './services/cached-pricing.service.js';
import { seedCatalog } from './seed.js';

/** The catalog subgraph: products, variants, categories, prices, shipping and tax; publishes ProductUpdated and PriceUpdated. */
export const definition: SubgraphDefinition = {
  name: 'catalog',
  entities,
  migrations,
  events: true,
  schema: catalogSchema,
  seed: seedCatalog,
  background: startPriceCache,
};
