import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from '@shopgraph/auth';
import { currentRequestId } from '@shopgraph/observability';
import { REQUEST_ID_HEADER } from './server.js';

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
 * Calls another subgraph's internal (`@inaccessible`) fields directly with the service
 * credential (ARCHITECTURE.md decision 5), propagating the current request id.
 */
export class ServiceClient {
  constructor(
    private readonly target: string,
    private readonly url: string,
    private readonly serviceToken: string,
    private readonly caller: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends one operation and returns its `data`; GraphQL errors become a `ServiceCallError`. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const requestId = currentRequestId();
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SERVICE_TOKEN_HEADER]: this.serviceToken,
        [SERVICE_NAME_HEADER]: this.caller,
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      body: JSON.stringify({ query, variables }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await response.json()) as { data?: T; errors?: ServiceCallError['errors'] };
    if (body.errors?.length) throw new ServiceCallError(this.target, body.errors);
    if (!body.data) throw new ServiceCallError(this.target, [{ message: `HTTP ${response.status} without data` }]);
    return body.data;
  }
}
