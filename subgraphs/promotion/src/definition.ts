import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { promotionSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedPromotions } from './seed.js';

/** The promotion subgraph: campaigns, codes and usage. */
export const definition: SubgraphDefinition = {
  name: 'promotion',
  entities,
  migrations,
  events: true,
  schema: promotionSchema,
  seed: seedPromotions,
};
