import { resolve } from 'node:path';
import { generateKeyPairPem } from '@shopgraph/auth';
import { type CommonConfig, SUBGRAPH_NAMES, type SubgraphName, commonEnv, loadConfig, subgraphUrls } from '@shopgraph/config';
import { freePort } from '@shopgraph/db';
import { type EdgeSettings, type GatewayOptions, type RunningGateway, startGateway } from '@shopgraph/gateway';
import { createLogger } from '@shopgraph/observability';
import { type StartedSubgraph, type SubgraphDefinition, startSubgraph } from '@shopgraph/subgraph';
import { GraphQLTestClient } from './client.js';
import { freshDatabase } from './database.js';

/** The whole supergraph running in this process on free ports, over a fresh database. */
export interface TestStack {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, StartedSubgraph>;
  client: GraphQLTestClient;
  config: CommonConfig;
  /** The options `gateway` was started with: start another gateway on the same stack with overrides. */
  gatewayOptions: GatewayOptions;
  stop(): Promise<void>;
}

/**
 * Edge settings of test stacks: tests send many requests from one address, so rate limits are off
 * unless a test asks for them (`options.gateway`); everything else keeps the production defaults.
 */
export const TEST_EDGE: Partial<EdgeSettings> = { rateLimitPerCustomer: 0, rateLimitPerIp: 0 };

/**
 * Starts the six subgraphs and the gateway on a database of their own, with demo data. The
 * gateway serves the committed `schema/supergraph.graphql`, so the tests also prove that file
 * matches the code, and verifies tokens against the customer subgraph's JWKS, as in production.
 * `options.gateway` overrides the gateway's edge settings (default `TEST_EDGE`: no rate limits).
 */
export async function startStack(
  definitions: Record<SubgraphName, SubgraphDefinition>,
  options: { seed?: boolean; gateway?: Partial<EdgeSettings> } = {},
): Promise<TestStack> {
  const database = await freshDatabase('stack');
  const keys = generateKeyPairPem();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<SubgraphName, number>;
  const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`]));
  const config = loadConfig(commonEnv, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: options.seed === false ? 'false' : 'true',
    ...urlEnv,
  });
  const started: StartedSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      started.push(
        await startSubgraph(definitions[name], {
          config,
          port: ports[name],
          databaseUrl: database.url,
          publicKey: keys.publicKey,
          ...(name === 'customer' ? { privateKey: keys.privateKey } : {}),
          logger: createLogger(name, config.LOG_LEVEL),
        }),
      );
    }
    const gatewayOptions: GatewayOptions = {
      port: 0,
      supergraph: { kind: 'file', path: resolve(process.cwd(), 'schema/supergraph.graphql') },
      subgraphUrls: subgraphUrls(config),
      databaseUrl: database.url,
      keys: { kind: 'jwks', url: `http://127.0.0.1:${ports.customer}/.well-known/jwks.json`, cacheMaxAgeSeconds: 600, cooldownSeconds: 30 },
      issuer: config.JWT_ISSUER,
      production: false,
      corsOrigins: '*',
      edge: { ...TEST_EDGE, ...options.gateway },
      logger: createLogger('gateway', config.LOG_LEVEL),
    };
    const gateway = await startGateway(gatewayOptions);
    return {
      gateway,
      gatewayOptions,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, StartedSubgraph>,
      client: new GraphQLTestClient(gateway.url, gateway.wsUrl),
      config,
      async stop() {
        await gateway.stop();
        for (const s of started.reverse()) await s.stop();
        await database.drop();
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw error;
  }
}
