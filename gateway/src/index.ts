import { resolve } from 'node:path';
import { loadConfigOrExit, subgraphUrls } from '@shopgraph/config';
import { createLogger, shutdownTracing } from '@shopgraph/observability';
import { resolveLocalDatabase, resolveSigningKeys } from '@shopgraph/subgraph';
import { startGateway } from './app.js';
import { type KeySource, edgeSettings, gatewayEnv, ideEnabled, jwksSource } from './config.js';

const config = loadConfigOrExit(gatewayEnv);
const logger = createLogger('gateway', config.LOG_LEVEL);
const keys: KeySource =
  config.JWT_KEY_SOURCE === 'jwks'
    ? jwksSource(config)
    : { kind: 'static', publicKey: (await resolveSigningKeys({ ...config, JWT_PRIVATE_KEY: undefined })).publicKey };
const running = await startGateway({
  port: config.PORT,
  host: config.HOST,
  supergraph: config.SUPERGRAPH_SOURCE === 'file' ? { kind: 'file', path: resolve(config.SUPERGRAPH_PATH) } : { kind: 'compose' },
  subgraphUrls: subgraphUrls(config),
  databaseUrl: config.DATABASE_URL ?? (await resolveLocalDatabase(logger)),
  keys,
  issuer: config.JWT_ISSUER,
  production: config.NODE_ENV === 'production',
  corsOrigins: config.CORS_ORIGINS,
  ide: ideEnabled(config),
  storefrontDir: resolve(config.STOREFRONT_DIR),
  edge: edgeSettings(config),
  logger,
});
const shutdown = async () => {
  await running.stop();
  // Spans still buffered for an OTLP exporter go out before the process does.
  await shutdownTracing();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
