import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { reviewSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedReviews } from './seed.js';

/** The review subgraph: reviews, moderation and ratings. */
export const definition: SubgraphDefinition = {
  name: 'review',
  entities,
  migrations,
  schema: reviewSchema,
  seed: seedReviews,
};
