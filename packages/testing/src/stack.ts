import { resolve } from 'node:path';
import { generateKeyPairPem } from '@shopgraph/auth';
import { type CommonConfig, SUBGRAPH_NAMES, type SubgraphName, commonEnv, loadConfig, subgraphUrls } from '@shopgraph/config';
import { freePort } from '@shopgraph/db';
import { startGateway, type RunningGateway } from '@shopgraph/gateway';
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
  stop(): Promise<void>;
}

/**
 * Starts the six subgraphs and the gateway on a database of their own, with demo data. The
 * gateway serves the committed `schema/supergraph.graphql`, so the tests also prove that file
 * matches the code.
 */
export async function startStack(definitions: Record<SubgraphName, SubgraphDefinition>, options: { seed?: boolean } = {}): Promise<TestStack> {
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
    const gateway = await startGateway({
      port: 0,
      supergraph: { kind: 'file', path: resolve(process.cwd(), 'schema/supergraph.graphql') },
      subgraphUrls: subgraphUrls(config),
      databaseUrl: database.url,
      publicKey: keys.publicKey,
      issuer: config.JWT_ISSUER,
      production: false,
      corsOrigins: '*',
      logger: createLogger('gateway', config.LOG_LEVEL),
    });
    return {
      gateway,
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
