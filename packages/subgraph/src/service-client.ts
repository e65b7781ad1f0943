import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  type IPolicy,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { request } from 'undici';
import { type Logger, currentRequestId } from '@shopgraph/observability';
import { REQUEST_ID_HEADER, SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from './headers.js';
import { serviceDispatcher } from './http.js';

/** A GraphQL error returned by another subgraph to a service call. */
export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[],
  ) {
    super(`${service}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'ServiceCallError';
  }
}

/**
 * Another subgraph could not answer: not reachable, no answer in time, a gateway or proxy error
 * (HTTP 502, 503, 504), or the circuit to it is open after repeated failures. The message names the
 * service and the reason; the cause is the transport's own error.
 */
export class ServiceUnavailableError extends ServiceCallError {
  constructor(service: string, reason: string, options?: { cause?: unknown }) {
    super(service, [{ message: `unavailable: ${reason}` }]);
    this.name = 'ServiceUnavailableError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** How a service client waits, retries and stops calling a failing service. */
export interface ServiceClientOptions {
  /** Budget of one attempt, from connecting to the last byte of the answer (default 10 s). */
  timeoutMs?: number;
  /** Retries of a read (`query`) that failed quickly (refused, reset, HTTP 502/503/504; default 2); mutations are sent once. */
  readRetries?: number;
  /** First retry delay (default 100 ms), growing exponentially with jitter up to 1 s. */
  retryDelayMs?: number;
  /** Consecutive failed attempts that open the circuit (default 5). */
  breakAfter?: number;
  /** How long an open circuit refuses calls before one probe call may try again (default 10 s). */
  halfOpenAfterMs?: number;
  /** Where the circuit's opening and closing are logged. */
  logger?: Logger;
}

/** Whether an operation only reads (a `query`, or the query shorthand), so repeating it is harmless. */
const READ = /^\s*(?:#[^\n]*\n\s*)*(?:query\b|\{)/;

/** HTTP statuses of a proxy or load balancer that found no healthy server behind it. */
const GATEWAY_ERRORS = new Set([502, 503, 504]);

/** Whether an attempt found the service unavailable (as opposed to answering, if with errors). */
const isUnavailable = (error: unknown): boolean => error instanceof ServiceUnavailableError || error instanceof TaskCancelledError;

/** What a transport error says in a log line: `ECONNREFUSED`, `UND_ERR_SOCKET`… */
const transportReason = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
};

/**
 * The JSON body of an operation, bigints written as strings. Without a replacer first:
 * `JSON.stringify` takes its fast path, and variables rarely hold a bigint (it then throws a
 * `TypeError` and the replacer is used).
 */
export function requestBody(query: string, variables: Record<string, unknown>): string {
  try {
    return JSON.stringify({ query, variables });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify({ query, variables }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/**
 * Calls another subgraph's internal (`@inaccessible`) fields directly with the service
 * credential (ARCHITECTURE.md decision 5), propagating the current request id.
 *
 * Resilient (seed 001, 7.2): every attempt has a time budget; a read the service refused (not
 * reachable, a proxy's 502/503/504) is tried again after a short backoff, a mutation never (its
 * caller, a saga step, retries it with its idempotency key); after `breakAfter` failed attempts in a row the circuit to the
 * service opens and calls fail at once, until after `halfOpenAfterMs` one call probes it again
 * and closes the circuit when it succeeds. A GraphQL error is an answer: never retried, and it
 * never counts against the service. Failures are `ServiceUnavailableError`s naming the service.
 */
export class ServiceClient {
  private readonly endpoint: URL;
  private readonly timeoutMs: number;
  private readonly breaker: CircuitBreakerPolicy;
  /** Mutations: the breaker around one attempt in its time budget. */
  private readonly once: IPolicy;
  /** Reads: retried around that. */
  private readonly retried: IPolicy;
  /** Which operation texts are reads (a client sends a handful of constant documents). */
  private readonly reads = new Map<string, boolean>();

  constructor(
    private readonly target: string,
    url: string,
    private readonly serviceToken: string,
    private readonly caller: string,
    options: ServiceClientOptions = {},
  ) {
    this.endpoint = new URL(url);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.breaker = circuitBreaker(handleWhen(isUnavailable), {
      halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    const { logger } = options;
    this.breaker.onBreak(() => logger?.warn({ service: target }, `circuit to ${target} opened: calls fail at once until a probe succeeds`));
    this.breaker.onReset(() => logger?.info({ service: target }, `circuit to ${target} closed: it answers again`));
    this.once = wrap(this.breaker, timeout(this.timeoutMs, TimeoutStrategy.Aggressive));
    const backoff = new ExponentialBackoff({ initialDelay: options.retryDelayMs ?? 100, maxDelay: 1_000 });
    // Only quick failures (refused, reset, a proxy's 502/503/504) are retried. An attempt that ran out
    // of time is not: a service that hangs would hold the caller for every attempt's budget. Nor is an
    // open circuit: it says the service is down, and a retry would only wait.
    const retryable = handleWhen((error) => error instanceof ServiceUnavailableError);
    this.retried = wrap(retry(retryable, { maxAttempts: options.readRetries ?? 2, backoff }), this.once);
  }

  /** The circuit to the service: `closed` (calls go through), `open` (they fail at once) or `half-open` (a probe is out). */
  get circuit(): 'closed' | 'open' | 'half-open' {
    const state = this.breaker.state;
    return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /**
   * Sends one operation and returns its `data`. GraphQL errors become a `ServiceCallError`; no
   * answer (after the retries of a read) a `ServiceUnavailableError` naming the service and why.
   */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let read = this.reads.get(query);
    if (read === undefined) this.reads.set(query, (read = READ.test(query)));
    const body = requestBody(query, variables);
    try {
      return await (read ? this.retried : this.once).execute(({ signal }) => this.attempt<T>(body, signal));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new ServiceUnavailableError(this.target, 'circuit open after repeated failures', { cause: error });
      }
      if (error instanceof TaskCancelledError) {
        throw new ServiceUnavailableError(this.target, `no answer within ${this.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }

  /** One attempt: the answer's `data`, or an error saying why there is none. */
  private async attempt<T>(body: string, signal: AbortSignal): Promise<T> {
    const requestId = currentRequestId();
    let status: number;
    let text: string;
    try {
      const response = await request(this.endpoint, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          [SERVICE_TOKEN_HEADER]: this.serviceToken,
          [SERVICE_NAME_HEADER]: this.caller,
          ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
        },
        signal,
        dispatcher: serviceDispatcher,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      // The time budget ran out (the timeout policy reports it) or the transport failed.
      if (signal.aborted) throw error;
      throw new ServiceUnavailableError(this.target, transportReason(error), { cause: error });
    }
    let answer: { data?: T; errors?: ServiceCallError['errors'] } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // Not GraphQL (a proxy's error page): reported below by its status.
    }
    if (answer.errors?.length) throw new ServiceCallError(this.target, answer.errors);
    if (answer.data) return answer.data;
    if (GATEWAY_ERRORS.has(status)) throw new ServiceUnavailableError(this.target, `HTTP ${status} without data`);
    throw new ServiceCallError(this.target, [{ message: `HTTP ${status} without data` }]);
  }
}
