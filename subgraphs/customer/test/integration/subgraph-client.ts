import { randomUUID } from 'node:crypto';
import { generateKeyPairPem } from '@shopgraph/auth';
import { type CommonConfig, commonEnv, loadConfig } from '@shopgraph/config';
import type { Logger } from '@shopgraph/observability';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';

/** A GraphQL response as received over HTTP. */
export interface RawResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The customer subgraph alone, on a fresh database, called directly (not through the gateway). */
export interface CustomerSubgraph {
  running: StartedSubgraph;
  database: TestDatabase;
  config: CommonConfig;
  /** Posts a GraphQL operation; `token` as Bearer, `service` to call as another subgraph, `ip` as the gateway's x-client-ip. */
  call<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: { token?: string; service?: boolean; ip?: string },
  ): Promise<RawResponse<T>>;
  stop(): Promise<void>;
}

/** Starts the customer subgraph with signing keys over its own database. */
export async function startCustomerSubgraph(options: { logger?: Logger } = {}): Promise<CustomerSubgraph> {
  const database = await freshDatabase('customer');
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
  const running = await startSubgraph(definition, {
    config,
    port: 0,
    databaseUrl: database.url,
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    running,
    database,
    config,
    async call(query, variables = {}, auth = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth.token) headers.authorization = `Bearer ${auth.token}`;
      if (auth.ip) headers['x-client-ip'] = auth.ip;
      if (auth.service) {
        headers['x-service-token'] = config.SERVICE_TOKEN;
        headers['x-service-name'] = 'order';
      }
      const response = await fetch(running.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as RawResponse<any>;
    },
    async stop() {
      await running.stop();
      await database.drop();
    },
  };
}

/** Selection of a sign-in payload. */
export const SIGN_IN_FIELDS = 'token { accessToken expiresAt } refreshToken customer { id email } userErrors { code field message }';

/** Registers an account and returns its tokens; fails the test if registration fails. */
export async function registerCustomer(
  subgraph: CustomerSubgraph,
  email: string,
  password = 'correct-horse-42',
): Promise<{ id: string; accessToken: string; refreshToken: string }> {
  const res = await subgraph.call(`mutation($input: RegisterInput!) { register(input: $input) { ${SIGN_IN_FIELDS} } }`, {
    input: { email, password, firstName: 'Test', lastName: 'Shopper' },
  });
  const payload = res.data?.register;
  if (!payload?.customer) throw new Error(`registration failed: ${JSON.stringify(res)}`);
  return { id: payload.customer.id, accessToken: payload.token.accessToken, refreshToken: payload.refreshToken };
}

/** An access token of a fresh admin, signed with the subgraph's key. */
export async function adminToken(subgraph: CustomerSubgraph): Promise<string> {
  return (await subgraph.running.runtime.signer!.sign(randomUUID(), { role: 'staff', staffRole: 'OWNER' }, 600)).token;
}
