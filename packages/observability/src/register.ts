/**
 * The `node --import` entry of every shopgraph process (`npm start`, the Docker image): registers
 * import-in-the-middle's loader hook before any application module is imported, so the ESM
 * instrumentations can patch what the application imports, then starts tracing for the service named
 * by SHOPGRAPH_SERVICE, or else by the entry point's folder (`subgraphs/order/dist/index.js` is
 * `order`). Only the modules an instrumentation hooks are wrapped (createAddHookMessageChannel); with
 * OTEL_TRACES_EXPORTER=none, or without an entry file (`node -e`), nothing is registered at all.
 */
import { register } from 'node:module';
import { basename, dirname, extname } from 'node:path';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { loadConfigOrExit } from '@shopgraph/config';
import { tracingEnv } from './tracing-config.js';

/** The service's name; none for a process without an entry file (`node -e`, e.g. a container's health check). */
function serviceName(): string | undefined {
  if (process.env.SHOPGRAPH_SERVICE) return process.env.SHOPGRAPH_SERVICE;
  const entry = process.argv[1];
  if (!entry) return undefined;
  const folder = dirname(entry);
  return basename(folder) === 'dist' || basename(folder) === 'src' ? basename(dirname(folder)) : basename(entry, extname(entry));
}

const service = serviceName();
const config = loadConfigOrExit(tracingEnv);
if (service && config.OTEL_TRACES_EXPORTER !== 'none') {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  // Loaded only when tracing runs: a process with it off loads none of the SDK.
  const { startTracing } = await import('./tracing-sdk.js');
  startTracing(service, config);
  await waitForAllMessagesAcknowledged();
}
