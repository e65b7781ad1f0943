import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram } from 'prom-client';
import type { Identity } from '@shopgraph/auth';
import { type Logger, OperationLabels, type Registry, codeLabel, recordOperationOutcome, userErrorCodes } from '@shopgraph/observability';

/** What the request metrics read of a request's context. */
interface MetricsContext {
  identity?: Identity;
  requestId?: string;
}

/** Options of `requestMetricsPlugin`. */
export interface RequestMetricsOptions {
  registry: Registry;
  logger: Logger;
  /** Operation names allowed as labels (default: those of `schema/operations`). */
  labels?: OperationLabels;
  /** One `access` log line per request (the gateway, where requests enter). */
  accessLog?: boolean;
}

/** Who called, for the access log: the kind and, for accounts, the id (never an email or a token). */
function callerOf(identity: Identity | undefined): Record<string, string> {
  switch (identity?.kind) {
    case 'customer':
      return { caller: 'customer', customerId: identity.customerId };
    case 'staff':
      return { caller: 'staff', staffId: identity.staffId };
    case 'guest':
      return { caller: 'guest', guestId: identity.guestId };
    case 'service':
      return { caller: 'service', service: identity.service };
    default:
      return { caller: 'anonymous' };
  }
}

/**
 * Request metrics with bounded labels (operation names from `schema/operations`, see
 * `OperationLabels`: a name a client invents is `other`), business outcomes by userError code, one
 * info line per business refusal and, where asked, one access line per request.
 */
export function requestMetricsPlugin<Context extends MetricsContext>(options: RequestMetricsOptions): ApolloServerPlugin<Context> {
  const { registry, logger } = options;
  const labels = options.labels ?? new OperationLabels();
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations served, by outcome: ok, user_error (a userError in the payload) or error.',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const userErrors = new Counter({
    name: 'graphql_user_errors_total',
    help: 'Business refusals answered as userErrors, by operation and code.',
    labelNames: ['operation', 'code'],
    registers: [registry],
  });
  const errorsByCode = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors answered, by operation and extensions.code.',
    labelNames: ['operation', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operation latency.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName: resolvedName, request, errors, response, contextValue }) {
          // A document that fails to parse or validate has no resolved name: the one the client sent.
          const operationName = resolvedName ?? request.operationName;
          const operation = labels.label(operationName, contextValue.identity?.kind === 'service');
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          duration.observe({ operation }, seconds);
          const data = response.body.kind === 'single' ? response.body.singleResult.data : undefined;
          const refusals = userErrorCodes(data);
          for (const code of refusals) userErrors.inc({ operation, code });
          const codes = (errors ?? []).map((error) => codeLabel(error.extensions?.code));
          for (const code of codes) errorsByCode.inc({ operation, code });
          const outcome = codes.length ? 'error' : refusals.length ? 'user_error' : 'ok';
          requests.inc({ operation, outcome });
          recordOperationOutcome(outcome, codes.length ? codes : refusals);
          if (refusals.length) logger.info({ operation, codes: refusals }, 'business refusal');
          if (options.accessLog)
            logger.info(
              {
                operation,
                ...(operationName && operation !== operationName ? { operationName: operationName.slice(0, 100) } : {}),
                outcome,
                ...(codes.length ? { errorCodes: codes } : {}),
                httpStatus: response.http.status ?? 200,
                durationMs: Math.round(seconds * 1000 * 10) / 10,
                ...callerOf(contextValue.identity),
              },
              'access',
            );
        },
      };
    },
  };
}
