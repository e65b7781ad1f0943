import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { keepIdleConnections } from './http.js';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type TokenVerifier, identify } from '@shopgraph/auth';
import { isDatabaseReady } from '@shopgraph/db';
import { type Logger, type Registry, withRequestId } from '@shopgraph/observability';
import { compileTrustedPeers, requestClientIp } from './client-ip.js';
import { LoaderRegistry, type RequestContext } from './context.js';
import { formatError } from './error-format.js';
import { requestMetricsPlugin } from './request-metrics.js';
import { REQUEST_ID_HEADER, SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from './headers.js';
import type { SubgraphRuntime } from './definition.js';

/** Everything a subgraph process needs to serve. */
export interface SubgraphServerOptions {
  name: string;
  port: number;
  host: string;
  schema: GraphQLSchema;
  orm: MikroORM;
  verifier: TokenVerifier;
  serviceToken: string;
  logger: Logger;
  /** The process's Prometheus registry, served at `/metrics`. */
  metrics: Registry;
  runtime: SubgraphRuntime;
  production: boolean;
  /** Extra HTTP routes (e.g. the customer subgraph's JWKS). */
  routes?: (app: Express) => void;
  /** Extra readiness checks beyond the database. */
  readiness?: () => Promise<boolean>;
}

/** A running subgraph. */
export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  metrics: Registry;
  stop(): Promise<void>;
}

/** HTTP details every subgraph answer shares. */
function responseShapePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          // Apollo answers variables that fail coercion with HTTP 400, which the gateway turns into
          // INTERNAL_SERVER_ERROR whatever the body says: the refusal travels as 200 + BAD_USER_INPUT.
          if (response.http.status === 400 && errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) response.http.status = 200;
          // What Apollo's cache-control plugin (disabled, see below) answered for every response: no
          // schema declares cache hints, so every subgraph answer is uncacheable.
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** Serialises a GraphQL response without the whitespace Apollo Server adds by default. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Starts a subgraph: `/graphql`, `/health/live`, `/health/ready` and `/metrics` on one port. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraph> {
  const app = express();
  const httpServer: Server = createServer(app);
  keepIdleConnections(httpServer);
  const metrics = options.metrics;
  const trustedPeers = compileTrustedPeers(options.runtime.config.CLIENT_IP_TRUSTED_PEERS);
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatError(options.logger),
    // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every response.
    stringifyResult: compactJson,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // The default cache-control plugin wraps every field resolution in a hook to collect cache
      // hints; subgraphs declare none (`@cacheControl` is not used), so it only costs CPU per field.
      ApolloServerPluginCacheControlDisabled(),
      requestMetricsPlugin<RequestContext>({ registry: metrics, logger: options.logger }),
      responseShapePlugin(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // Express hashes every response body into an ETag; subgraphs answer POSTs from the gateway and
  // other subgraphs, which never revalidate, so the hash is pure cost.
  app.set('etag', false);
  app.use((req, res, next) => {
    const requestId = header(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withRequestId(requestId, next);
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/health/ready', async (_req, res) => {
    const db = await isDatabaseReady(options.orm.em.fork());
    const extra = options.readiness ? await options.readiness() : true;
    res.status(db && extra ? 200 : 503).json({ status: db && extra ? 'ok' : 'unavailable', database: db });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.contentType);
    res.send(await metrics.metrics());
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = String(req.res?.getHeader(REQUEST_ID_HEADER) ?? randomUUID());
        const authorization = header(req.headers.authorization);
        const identity = await identify(
          {
            authorization,
            serviceToken: header(req.headers[SERVICE_TOKEN_HEADER]),
            serviceName: header(req.headers[SERVICE_NAME_HEADER]),
          },
          options.verifier,
          options.serviceToken,
        );
        return {
          em: options.orm.em.fork(),
          identity,
          requestId,
          clientIp: requestClientIp(req, trustedPeers),
          ...(authorization ? { authorization } : {}),
          loaders: new LoaderRegistry(),
          runtime: options.runtime,
          // The process logger, not a per-request pino child (which costs CPU on every request, and
          // Apollo Server copies the context per operation): its mixin adds the request id bound by
          // `withRequestId` above to every line written while the request is served.
          logger: options.logger,
        };
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  options.logger.info({ url }, `${options.name} subgraph ready`);
  return {
    name: options.name,
    url,
    port,
    metrics,
    async stop() {
      await apollo.stop();
    },
  };
}
