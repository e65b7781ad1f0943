import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { entities } from './entities/index.js';
import { customerSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedCustomers } from './seed.js';

/** The customer subgraph: accounts, sessions and tokens. */
export const definition: SubgraphDefinition = {
  name: 'customer',
  entities,
  migrations,
  schema: customerSchema,
  seed: seedCustomers,
  routes(app, runtime) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.json(await runtime.verifier.jwks());
    });
  },
};
