import type { Express } from 'express';
import pg from 'pg';
import { TokenSigner, TokenVerifier } from '@shopgraph/auth';
import { type CommonConfig, type SubgraphName, loadConfigOrExit, subgraphEnv, subgraphUrls } from '@shopgraph/config';
import { openDatabase, withSchemaLock } from '@shopgraph/db';
import { OutboxRelay, type ProcessBus, createEventBus, pruneEventTables } from '@shopgraph/events';
import { type Logger, createLogger, createMetricsRegistry, shutdownTracing } from '@shopgraph/observability';
import type { SubgraphDefinition, SubgraphRuntime } from './definition.js';
import { type RunningSubgraph, startSubgraphServer } from './server.js';
import { ServiceClient } from './service-client.js';
import { resolveLocalDatabase, resolveSigningKeys } from './local.js';

/**
 * Connections of the outbox relay: one held for LISTEN, one for its passes. Each process's share of
 * PostgreSQL's connections is counted in the README ("Connection budget").
 */
const RELAY_POOL_SIZE = 2;

/** Explicit inputs for starting a subgraph (tests pass these; processes read them from the environment). */
export interface StartOptions {
  config: CommonConfig;
  port: number;
  databaseUrl: string;
  publicKey: string;
  privateKey?: string;
  logger?: Logger;
  onQuery?: (sql: string) => void;
}

/** A started subgraph with its runtime, for tests that reach behind the API. */
export interface StartedSubgraph extends RunningSubgraph {
  runtime: SubgraphRuntime;
}

/** Opens the database, migrates and seeds (each under the schema's advisory lock) and serves one subgraph. */
export async function startSubgraph(definition: SubgraphDefinition, options: StartOptions): Promise<StartedSubgraph> {
  const logger = options.logger ?? createLogger(definition.name, options.config.LOG_LEVEL);
  const orm = await openDatabase({
    url: options.databaseUrl,
    schema: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: options.config.DB_POOL_SIZE,
    logger,
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  const metrics = createMetricsRegistry(definition.name);
  let relay: OutboxRelay | undefined;
  let relayPool: pg.Pool | undefined;
  let bus: ProcessBus | undefined;
  if (definition.events) {
    // Events on EVENT_TRANSPORT (pg-boss, or NATS JetStream); delayed and recurring jobs on pg-boss either way.
    bus = createEventBus(options.config, {
      databaseUrl: options.databaseUrl,
      registry: metrics,
      logger,
      pgBoss: { poolSize: options.config.EVENT_BUS_POOL_SIZE },
    });
    await bus.start();
    relayPool = new pg.Pool({ connectionString: options.databaseUrl, max: RELAY_POOL_SIZE });
    // An idle connection the server ends must not crash the process (pg-pool re-emits its error on the pool).
    relayPool.on('error', (error) => logger.warn({ err: error }, 'outbox relay idle connection failed'));
    relay = new OutboxRelay({
      pool: relayPool,
      schema: definition.name,
      bus,
      registry: metrics,
      logger,
      minPassIntervalMs: options.config.OUTBOX_RELAY_MIN_PASS_INTERVAL_MS,
    });
    await relay.start();
    // Hourly, once across instances: published outbox rows and inbox rows past the retention go.
    await bus.every(`${definition.name}.event-retention`, 3600, async () => {
      const pruned = await pruneEventTables(orm.em.fork(), definition.name, options.config.EVENT_RETENTION_DAYS);
      if (pruned.outbox + pruned.inbox > 0) logger.info(pruned, 'pruned event tables');
    });
  }
  const urls = subgraphUrls(options.config);
  const clients = new Map<SubgraphName, ServiceClient>();
  const runtime: SubgraphRuntime = {
    name: definition.name,
    config: options.config,
    orm,
    logger,
    metrics,
    verifier: new TokenVerifier(options.publicKey, options.config.JWT_ISSUER),
    ...(options.privateKey ? { signer: new TokenSigner(options.privateKey, options.config.JWT_ISSUER) } : {}),
    ...(bus ? { bus } : {}),
    client(target) {
      let client = clients.get(target);
      if (!client) {
        client = new ServiceClient(target, urls[target], options.config.SERVICE_TOKEN, definition.name, { logger });
        clients.set(target, client);
      }
      return client;
    },
  };
  if (options.config.SEED_DEMO_DATA && definition.seed) {
    // Seeds look before they insert: one instance at a time, so the later ones find the data there.
    const seed = definition.seed;
    await withSchemaLock(options.databaseUrl, definition.name, () => seed(orm.em.fork(), runtime), logger);
  }
  const built = await definition.schema();
  const stopBackground = definition.background ? await definition.background(runtime) : async () => undefined;
  const server = await startSubgraphServer({
    name: definition.name,
    port: options.port,
    host: options.config.HOST,
    schema: built.schema,
    orm,
    verifier: runtime.verifier,
    serviceToken: options.config.SERVICE_TOKEN,
    logger,
    metrics,
    runtime,
    production: options.config.NODE_ENV === 'production',
    ...(definition.routes ? { routes: (app: Express) => definition.routes!(app, runtime) } : {}),
  });
  return {
    ...server,
    runtime,
    async stop() {
      await stopBackground();
      await server.stop();
      await relay?.stop();
      await relayPool?.end();
      await bus?.stop();
      await orm.close();
    },
  };
}

/** Entry point of a subgraph process: configuration from the environment, stop on SIGINT/SIGTERM. */
export async function runSubgraphProcess(definition: SubgraphDefinition): Promise<void> {
  const config = loadConfigOrExit(subgraphEnv(definition.name));
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const databaseUrl = config.DATABASE_URL ?? (await resolveLocalDatabase(logger));
  const keys = await resolveSigningKeys(config);
  const running = await startSubgraph(definition, {
    config,
    port: config.PORT,
    databaseUrl,
    publicKey: keys.publicKey,
    ...(keys.privateKey ? { privateKey: keys.privateKey } : {}),
    logger,
  });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await running.stop();
    // Spans still buffered for an OTLP exporter go out before the process does.
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
