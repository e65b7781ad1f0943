import { resolve } from 'node:path';
import { type KeyPairPem, generateKeyPairPem } from '@shopgraph/auth';
import { type CommonConfig, SUBGRAPH_NAMES, type SubgraphName, commonEnv, loadConfig, subgraphUrls } from '@shopgraph/config';
import { freePort } from '@shopgraph/db';
import { type Logger, createLogger } from '@shopgraph/observability';
import { type PaysimHandle, type PaysimOptions, startPaysim } from '@shopgraph/paysim';
import { type StartedSubgraph, type SubgraphDefinition, startSubgraph } from '@shopgraph/subgraph';
import { GraphQLTestClient } from './client.js';
import { freshDatabase } from './database.js';

/**
 * The edge settings a stack decides: tests send many requests from one address, so it turns the
 * rate limits off. A gateway's own edge settings type (with more fields) extends it.
 */
export interface StackEdge {
  rateLimitPerCustomer?: number;
  rateLimitPerIp?: number;
}

/** What the stack tells the gateway it starts; a gateway app's options type must accept it. */
export interface StackGatewayOptions<Edge extends StackEdge = StackEdge> {
  port: number;
  supergraph: { kind: 'file'; path: string };
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrl: string;
  keys: { kind: 'jwks'; url: string; cacheMaxAgeSeconds: number; cooldownSeconds: number };
  issuer: string;
  production: boolean;
  corsOrigins: string;
  /** Overrides of the gateway's edge settings; unset ones keep the gateway's defaults. */
  edge: Partial<Edge>;
  logger: Logger;
}

/** What the stack needs of a running gateway. */
export interface StackGateway {
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

/**
 * The apps a stack runs, given by the caller so this package never imports an app: the subgraph
 * definitions and the function that starts the gateway.
 */
export interface StackApps<Edge extends StackEdge = StackEdge, Gateway extends StackGateway = StackGateway> {
  subgraphs: Record<SubgraphName, SubgraphDefinition>;
  gateway: (options: StackGatewayOptions<Edge>) => Promise<Gateway>;
}

/** The whole supergraph running in this process on free ports, over a fresh database. */
export interface TestStack<Edge extends StackEdge = StackEdge, Gateway extends StackGateway = StackGateway> {
  gateway: Gateway;
  subgraphs: Record<SubgraphName, StartedSubgraph>;
  client: GraphQLTestClient;
  config: CommonConfig;
  /** The payment simulator the order subgraph pays through (its switches steer webhook delivery). */
  paysim: PaysimHandle;
  /** The options `gateway` was started with: start another gateway on the same stack with overrides. */
  gatewayOptions: StackGatewayOptions<Edge>;
  /** The stack's token signing keys (operator tools sign with the private one, as on a shop's machine). */
  keys: KeyPairPem;
  stop(): Promise<void>;
}

/** Edge settings of test stacks: no rate limits unless a test asks for them (`options.edge`). */
export const TEST_EDGE: StackEdge = { rateLimitPerCustomer: 0, rateLimitPerIp: 0 };

/**
 * Starts the six subgraphs and the gateway of `apps` on a database of their own, with demo data.
 * The gateway serves the committed `schema/supergraph.graphql`, so the tests also prove that file
 * matches the code, and verifies tokens against the customer subgraph's JWKS, as in production.
 * `options.edge` overrides the gateway's edge settings (default `TEST_EDGE`: no rate limits).
 */
export async function startStack<Edge extends StackEdge, Gateway extends StackGateway>(
  apps: StackApps<Edge, Gateway>,
  options: { seed?: boolean; edge?: Partial<Edge>; paysim?: Pick<PaysimOptions, 'slowResponseMs' | 'asyncDelayMs'> } = {},
): Promise<TestStack<Edge, Gateway>> {
  const database = await freshDatabase('stack');
  const keys = generateKeyPairPem();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<
    SubgraphName,
    number
  >;
  const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`]));
  const logLevel = process.env.LOG_LEVEL ?? 'silent';
  const webhookSecret = `test-webhook-secret-${keys.publicKey.length}-${ports.order}`;
  const paysim = await startPaysim({
    databaseUrl: database.url,
    port: 0,
    webhookUrl: `http://127.0.0.1:${ports.order}/webhooks/payments/paysim`,
    webhookSecret,
    logger: createLogger('paysim', logLevel as never),
    ...options.paysim,
  });
  const config = loadConfig(commonEnv, {
    NODE_ENV: 'test',
    LOG_LEVEL: logLevel,
    SEED_DEMO_DATA: options.seed === false ? 'false' : 'true',
    PAYSIM_URL: paysim.url,
    PAYMENT_WEBHOOK_SECRET: webhookSecret,
    ...urlEnv,
  });
  const started: StartedSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      started.push(
        await startSubgraph(apps.subgraphs[name], {
          config,
          port: ports[name],
          databaseUrl: database.url,
          publicKey: keys.publicKey,
          ...(name === 'customer' ? { privateKey: keys.privateKey } : {}),
          logger: createLogger(name, config.LOG_LEVEL),
        }),
      );
    }
    const gatewayOptions: StackGatewayOptions<Edge> = {
      port: 0,
      supergraph: { kind: 'file', path: resolve(process.cwd(), 'schema/supergraph.graphql') },
      subgraphUrls: subgraphUrls(config),
      databaseUrl: database.url,
      keys: { kind: 'jwks', url: `http://127.0.0.1:${ports.customer}/.well-known/jwks.json`, cacheMaxAgeSeconds: 600, cooldownSeconds: 30 },
      issuer: config.JWT_ISSUER,
      production: false,
      corsOrigins: '*',
      // Edge extends StackEdge, whose rate limits are plain numbers: TEST_EDGE's zeros fit any Edge.
      edge: { ...TEST_EDGE, ...options.edge } as Partial<Edge>,
      logger: createLogger('gateway', config.LOG_LEVEL),
    };
    const gateway = await apps.gateway(gatewayOptions);
    return {
      gateway,
      gatewayOptions,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, StartedSubgraph>,
      client: new GraphQLTestClient(gateway.url, gateway.wsUrl),
      config,
      paysim,
      keys,
      async stop() {
        await gateway.stop();
        for (const s of started.reverse()) await s.stop();
        await paysim.stop();
        await database.drop();
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    await paysim.stop().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw error;
  }
}
