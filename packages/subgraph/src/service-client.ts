import { Agent } from 'node:http';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from '@shopgraph/auth';
import { currentRequestId } from '@shopgraph/observability';
import { postJson } from './http-post.js';
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
 * An HTTP agent that keeps connections to subgraphs open between calls (no TCP handshake per
 * call). The idle `timeout` is what lets Node apply the server's `Keep-Alive: timeout=N` hint: an
 * idle socket is dropped a second before the server would close it, so a call never lands on a
 * connection the server is closing (without any timeout, Node ignores the hint).
 */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, timeout: 30_000 });
}

/**
 * One pool of keep-alive connections for every service call of the process. A plain `node:http`
 * exchange (`postJson`) costs a fraction of the CPU of node-fetch, and that of the global (undici) fetch.
 */
export const serviceAgent = keepAliveAgent();

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
    const response = await postJson(this.endpoint, requestBody(query, variables), {
      headers: {
        'content-type': 'application/json',
        [SERVICE_TOKEN_HEADER]: this.serviceToken,
        [SERVICE_NAME_HEADER]: this.caller,
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      timeoutMs: this.timeoutMs,
      agent: serviceAgent,
    });
    const body = (await response.json()) as { data?: T; errors?: ServiceCallError['errors'] };
    if (body.errors?.length) throw new ServiceCallError(this.target, body.errors);
    if (!body.data) throw new ServiceCallError(this.target, [{ message: `HTTP ${response.status} without data` }]);
    return body.data;
  }
}
