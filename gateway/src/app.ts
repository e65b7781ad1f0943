import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, buildSchema, print, printSchema, subscribe } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { TokenVerifier, identityFromAuthorization } from '@shopgraph/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '@shopgraph/config';
import { type Logger, createLogger, withRequestId } from '@shopgraph/observability';
import { REQUEST_ID_HEADER, formatError } from '@shopgraph/subgraph';
import type { GatewayContext } from './context.js';
import { ForwardingDataSource } from './data-source.js';
import { OrderStatusHub } from './subscriptions/order-status-hub.js';
import { orderStatusResolvers } from './subscriptions/order-status.subscription.js';

/** Where the gateway gets its supergraph. */
export type SupergraphSource = { kind: 'file'; path: string } | { kind: 'compose' };

/** Everything the gateway needs. */
export interface GatewayOptions {
  port: number;
  /** Interface to listen on. */
  host?: string;
  supergraph: SupergraphSource;
  /** Subgraph URLs by name; override the routing URLs of the supergraph file. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Database whose NOTIFY channel carries order status changes. */
  databaseUrl: string;
  publicKey: string;
  issuer: string;
  production: boolean;
  corsOrigins: string;
  logger?: Logger;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  stop(): Promise<void>;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Starts the gateway: HTTP queries and mutations through Apollo Gateway, subscriptions over graphql-ws. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const verifier = new TokenVerifier(options.publicKey, options.issuer);
  const gateway = new ApolloGateway({
    ...(options.supergraph.kind === 'file'
      ? { supergraphSdl: await readFile(options.supergraph.path, 'utf8') }
      : { supergraphSdl: new IntrospectAndCompose({ subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: options.subgraphUrls[name] })) }) }),
    buildService: ({ name }) => new ForwardingDataSource({ url: options.subgraphUrls[name as SubgraphName] }),
  });
  // graphql-ws executes subscriptions on a private copy of the API schema: Apollo Server
  // instruments the gateway's own schema object, whose wrapped resolvers would bypass ours.
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = buildSchema(printSchema(schema));
  });

  const app = express();
  const httpServer = createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatError(options.production, logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await server.start();

  const hub = new OrderStatusHub(options.databaseUrl, logger);
  await hub.start();

  const runQuery = async (document: DocumentNode, variables: Record<string, unknown>, context: GatewayContext): Promise<ExecutionResult> => {
    const response = await server.executeOperation({ query: print(document), variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not supported here');
    return response.body.singleResult as ExecutionResult;
  };
  const { subscribeFieldResolver, fieldResolver } = orderStatusResolvers(hub, runQuery);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer<{ authorization?: string }, { context?: GatewayContext }>(
    {
      schema: () => {
        if (!apiSchema) throw new Error('Supergraph not loaded yet');
        return apiSchema;
      },
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        try {
          const identity = await identityFromAuthorization(authorization, verifier);
          ctx.extra.context = { requestId: randomUUID(), identity, ...(authorization ? { authorization } : {}) };
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ctx.extra.context!,
      subscribe: (args) => subscribe({ ...args, subscribeFieldResolver, fieldResolver }),
      execute: (args) => runQuery(args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as GatewayContext),
    },
    wsServer,
  );

  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const requestId = header(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const origin = req.headers.origin;
    if (origin && (options.corsOrigins === '*' || options.corsOrigins.split(',').includes(origin))) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, x-request-id, apollo-require-preflight');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    withRequestId(requestId, next);
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/health/ready', (_req, res) => {
    const ready = Boolean(apiSchema) && hub.ready;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '256kb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const authorization = header(req.headers.authorization);
        const identity = await identityFromAuthorization(authorization, verifier);
        return { requestId: String(res.getHeader(REQUEST_ID_HEADER)), identity, ...(authorization ? { authorization } : {}) };
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    async stop() {
      await wsCleanup.dispose();
      wsServer.close();
      await server.stop();
      await hub.stop();
    },
  };
}

