import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** Field paths never written to logs: credentials, tokens and card data. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'cardNumber',
  '*.cardNumber',
  'cvc',
  '*.cvc',
  'passwordHash',
  '*.passwordHash',
];

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with a request id bound, so every log line written inside carries it. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

/** The request id bound to the current async scope, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/**
 * A structured JSON logger for a service; adds the current request id to each line. Writes to
 * stdout unless a `destination` stream is given (tests read what was logged from one).
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name: service,
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A Prometheus registry with the process's default metrics and a `service` label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export type { Logger };
export { Registry };

export * from './operations.js';
export * from './tracing.js';
export * from './tracing-config.js';
export * from './trace-file-read.js';
export * from './trace-file-query.js';
