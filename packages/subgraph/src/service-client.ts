import { request } from 'undici';
import { currentRequestId } from '@shopgraph/observability';
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
 */
export class ServiceClient {
  private readonly endpoint: URL;

  constructor(
    private readonly target: string,
    url: string,
    private readonly serviceToken: string,
    private readonly caller: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.endpoint = new URL(url);
  }

  /** Sends one operation and returns its `data`; GraphQL errors become a `ServiceCallError`. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const requestId = currentRequestId();
    const response = await request(this.endpoint, {
      method: 'POST',
      body: requestBody(query, variables),
      headers: {
        'content-type': 'application/json',
        [SERVICE_TOKEN_HEADER]: this.serviceToken,
        [SERVICE_NAME_HEADER]: this.caller,
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      dispatcher: serviceDispatcher,
    });
    const text = await response.body.text();
    let body: { data?: T; errors?: ServiceCallError['errors'] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not GraphQL (a proxy's error page): reported below by its status.
    }
    if (body.errors?.length) throw new ServiceCallError(this.target, body.errors);
    if (!body.data) throw new ServiceCallError(this.target, [{ message: `HTTP ${response.statusCode} without data` }]);
    return body.data;
  }
}
