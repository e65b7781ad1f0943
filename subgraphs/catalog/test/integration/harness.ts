import { TokenSigner, generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition as catalog } from '@shopgraph/catalog/definition';

/** A seeded catalog subgraph on a fresh database, with admin and service credentials and a SQL log. */
export interface CatalogHarness {
  running: StartedSubgraph;
  database: TestDatabase;
  queries: string[];
  /** Posts a GraphQL operation; `as` picks the credential. */
  gql<T>(
    query: string,
    variables?: Record<string, unknown>,
    as?: 'admin' | 'customer' | 'service' | 'anonymous',
  ): Promise<{ data: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  stop(): Promise<void>;
}

/** Starts the catalog subgraph for integration tests. */
export async function startCatalog(prefix: string): Promise<CatalogHarness> {
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const database = await freshDatabase(prefix);
  const queries: string[] = [];
  const running = await startSubgraph(catalog, {
    config,
    port: 0,
    databaseUrl: database.url,
    publicKey: keys.publicKey,
    onQuery: (sql) => queries.push(sql),
  });
  const signer = new TokenSigner(keys.privateKey, config.JWT_ISSUER);
  const admin = (await signer.sign('admin-1', { role: 'staff', staffRole: 'OWNER' }, 600)).token;
  const customer = (await signer.sign('customer-1', { role: 'customer' }, 600)).token;
  return {
    running,
    database,
    queries,
    async gql(query, variables = {}, as = 'anonymous') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as === 'admin') headers.authorization = `Bearer ${admin}`;
      if (as === 'customer') headers.authorization = `Bearer ${customer}`;
      if (as === 'service') headers['x-service-token'] = config.SERVICE_TOKEN;
      const response = await fetch(running.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as never;
    },
    async stop() {
      await running.stop();
      await database.drop();
    },
  };
}
