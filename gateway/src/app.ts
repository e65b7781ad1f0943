import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  buildSchema,
  print,
  printSchema,
  subscribe,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type Identity, identityFromAuthorization } from '@shopgraph/auth';
import { AppError } from '@shopgraph/errors';
import { SUBGRAPH_NAMES, type SubgraphName } from '@shopgraph/config';
import { type Logger, createLogger, createMetricsRegistry, withRequestId } from '@shopgraph/observability';
import { REQUEST_ID_HEADER, compactJson, formatError, keepIdleConnections, requestMetricsPlugin } from '@shopgraph/subgraph';
import { Gauge } from 'prom-client';
import { DEFAULT_EDGE, type EdgeSettings, type KeySource } from './config.js';
import type { GatewayContext } from './context.js';
import { ForwardingDataSource } from './data-source.js';
import { clientIp, compileTrustProxy } from './edge/client-ip.js';
import { tokenVerifier } from './edge/keys.js';
import { EdgeRateLimiter, type RateLimitDecision, rateLimitHeaders, rateLimitedError } from './edge/rate-limit.js';
import { requestLimits } from './edge/request-limits.js';
import { ideRoutes } from './ide/ide.js';
import { storefrontRoutes } from './storefront/storefront.js';
import { OrderStatusHub } from './subscriptions/order-status-hub.js';
import { orderStatusResolvers } from './subscriptions/order-status.subscription.js';

/** The environment variable that keeps `@apollo/gateway` from starting its usage-data exporter. */
export const TELEMETRY_SWITCH = 'APOLLO_TELEMETRY_DISABLED';

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
  /** Where the public keys that verify access tokens come from (the customer subgraph's JWKS, or a fixed key). */
  keys: KeySource;
  issuer: string;
  production: boolean;
  corsOrigins: string;
  /** Serve the GraphQL IDE (ruru) to browsers opening `/graphql`, with introspection; default: outside production. */
  ide?: boolean;
  /** A built storefront (`vite build` output) served at `/` when the folder holds one. */
  storefrontDir?: string;
  /** Rate limits, request limits and client-IP trust; unset ones take the documented defaults. */
  edge?: Partial<EdgeSettings>;
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

/**
 * The credential of a graphql-ws connection: `authorization` in its connection parameters, in any
 * letter case (GraphiQL sends its header editor's `Authorization` as a parameter).
 */
function connectionAuthorization(params: Record<string, unknown> | undefined): string | undefined {
  const key = Object.keys(params ?? {}).find((k) => k.toLowerCase() === 'authorization');
  const value = key ? params![key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Headers browsers may read from a cross-origin response (retry information, request id). */
const EXPOSED_HEADERS =
  'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset';

/** What the edge middleware learnt of an HTTP request, for the Apollo context. */
interface EdgeLocals {
  clientIp: string;
  identity?: Identity;
  identityError?: unknown;
}

/** A GraphQL-over-HTTP error response sent by the edge itself (before Apollo Server). */
function sendError(res: express.Response, status: number, error: GraphQLError): void {
  res.status(status).json({ errors: [error.toJSON()] });
}

/** Starts the gateway: HTTP queries and mutations through Apollo Gateway, subscriptions over graphql-ws. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const edge: EdgeSettings = { ...DEFAULT_EDGE, ...options.edge };
  const verifier = tokenVerifier(options.keys, options.issuer);
  const trustProxy = compileTrustProxy(edge.trustProxy);
  const rateLimiter = new EdgeRateLimiter(edge, { logger });
  const limits = requestLimits<GatewayContext>(edge, options.production);
  const ide = options.ide ?? !options.production;
  const metrics = createMetricsRegistry('gateway');
  // @apollo/gateway starts an exporter sending usage data to Apollo unless this is set when it is
  // constructed; nothing of this project may report to a third party, whatever the environment says.
  process.env[TELEMETRY_SWITCH] = 'true';
  const gateway = new ApolloGateway({
    ...(options.supergraph.kind === 'file'
      ? { supergraphSdl: await readFile(options.supergraph.path, 'utf8') }
      : {
          supergraphSdl: new IntrospectAndCompose({ subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: options.subgraphUrls[name] })) }),
        }),
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
  keepIdleConnections(httpServer);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production || ide,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatError(logger),
    stringifyResult: compactJson,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // Usage and schema reporting stay off even if an APOLLO_KEY reaches the environment. Apollo's
    // landing page loads Sandbox from a CDN: the gateway serves its own IDE instead (ide/).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...limits.plugins,
      // Bounded labels, business refusals by code, and the access log: one line per request.
      requestMetricsPlugin<GatewayContext>({ registry: metrics, logger, accessLog: true }),
    ],
  });
  await server.start();

  const hub = new OrderStatusHub(options.databaseUrl, logger);
  await hub.start();

  const runQuery = async (
    document: DocumentNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<ExecutionResult> => {
    const response = await server.executeOperation({ query: print(document), variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not supported here');
    return response.body.singleResult as ExecutionResult;
  };
  const { subscribeFieldResolver, fieldResolver } = orderStatusResolvers(hub, runQuery);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  new Gauge({
    name: 'graphql_ws_connections',
    help: 'Open graphql-ws connections.',
    registers: [metrics],
    collect() {
      this.set(wsServer.clients.size);
    },
  });
  new Gauge({
    name: 'order_status_subscribers',
    help: 'Subscribers of order status changes, over all orders.',
    registers: [metrics],
    collect() {
      this.set(hub.subscribers);
    },
  });
  const currentSchema = () => {
    if (!apiSchema) throw new Error('Supergraph not loaded yet');
    return apiSchema;
  };
  // Subscriptions count against the same budgets as HTTP: opening a connection is one request,
  // and so is every operation sent over it.
  const wsCleanup = useServer<Record<string, unknown>, { context?: GatewayContext }>(
    {
      schema: currentSchema,
      onConnect: async (ctx) => {
        const authorization = connectionAuthorization(ctx.connectionParams);
        const ip = clientIp(ctx.extra.request, trustProxy);
        let identity: Identity;
        try {
          identity = await identityFromAuthorization(authorization, verifier);
        } catch {
          return false;
        }
        const decision = await rateLimiter.consume(identity, ip);
        if (decision && !decision.allowed) {
          ctx.extra.socket.close(4429, `Too many requests; retry in ${decision.resetSeconds} s`);
          return false;
        }
        ctx.extra.context = { requestId: randomUUID(), identity, clientIp: ip, ...(authorization ? { authorization } : {}) };
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const context = ctx.extra.context!;
        const decision = await rateLimiter.consume(context.identity, context.clientIp ?? '');
        if (decision && !decision.allowed) return [rateLimitedError(decision)];
        return limits.check(currentSchema(), payload.query);
      },
      context: (ctx) => ctx.extra.context!,
      subscribe: (args) => subscribe({ ...args, subscribeFieldResolver, fieldResolver }),
      execute: (args) =>
        runQuery(args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as GatewayContext),
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
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
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
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.contentType);
    res.send(await metrics.metrics());
  });
  app.get('/health/ready', (_req, res) => {
    const ready = Boolean(apiSchema) && hub.ready;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable' });
  });
  if (ide) app.use(ideRoutes('/graphql'));
  // Who is calling and from where, then the caller's budget: an invalid credential is refused by
  // the Apollo context below, but still counts against its IP first (no free token guessing).
  const identifyAndLimit: RequestHandler = async (req, res, next) => {
    const locals: EdgeLocals = { clientIp: clientIp(req, trustProxy) };
    res.locals.edge = locals;
    try {
      locals.identity = await identityFromAuthorization(header(req.headers.authorization), verifier);
    } catch (error) {
      if (!(error instanceof AppError)) {
        // The key set could not be fetched: the credential may well be valid, so say so.
        logger.error({ err: error }, 'access token keys unavailable');
        sendError(res, 503, new AppError('INTERNAL_SERVER_ERROR', 'Credentials cannot be verified right now; try again shortly'));
        return;
      }
      locals.identityError = error;
    }
    let decision: RateLimitDecision | undefined;
    try {
      decision = await rateLimiter.consume(locals.identity ?? { kind: 'anonymous' }, locals.clientIp);
    } catch (error) {
      next(error);
      return;
    }
    if (decision) res.set(rateLimitHeaders(decision));
    if (decision && !decision.allowed) {
      logger.warn({ clientIp: locals.clientIp, identity: locals.identity?.kind ?? 'invalid' }, 'rate limited');
      sendError(res, 429, rateLimitedError(decision));
      return;
    }
    next();
  };
  const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    if (error.type === 'entity.too.large') {
      sendError(res, 413, new AppError('BAD_USER_INPUT', `Request body is larger than ${edge.maxBodySize}`));
      return;
    }
    if (error.type === 'entity.parse.failed' || error.status === 400) {
      sendError(res, 400, new AppError('BAD_USER_INPUT', 'Request body is not valid JSON'));
      return;
    }
    next(error);
  };
  app.use(
    '/graphql',
    identifyAndLimit,
    express.json({ limit: edge.maxBodySize }),
    expressMiddleware(server, {
      context: async ({ res }) => {
        const locals = res.locals.edge as EdgeLocals;
        if (locals.identityError) throw locals.identityError;
        const authorization = header(res.req.headers.authorization);
        return {
          requestId: String(res.getHeader(REQUEST_ID_HEADER)),
          identity: locals.identity!,
          clientIp: locals.clientIp,
          ...(authorization ? { authorization } : {}),
        };
      },
    }),
    bodyErrors,
  );
  const storefront = options.storefrontDir ? storefrontRoutes(options.storefrontDir) : undefined;
  if (storefront) app.use(storefront);

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
      rateLimiter.close();
    },
  };
}

export { DEFAULT_EDGE, type EdgeSettings, type KeySource, edgeSettings, gatewayEnv, ideEnabled, jwksSource } from './config.js';
export { CLIENT_IP_HEADER } from '@shopgraph/subgraph';
