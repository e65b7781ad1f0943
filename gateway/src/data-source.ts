import type { Agent } from 'node:http';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER, keepAliveAgent, postJson } from '@shopgraph/subgraph';
import type { GatewayContext } from './context.js';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * A plain `node:http` POST (`postJson`) over a keep-alive agent, answering with a buffered
 * Fetch-like response. Apollo's default fetcher, make-fetch-happen, adds an HTTP cache layer,
 * retries and an agent that builds an Error stack trace per request, and node-fetch builds
 * `Request`, `Headers` and stream objects per call: both cost several times the CPU per subgraph
 * call. The agent honours the subgraph's keep-alive timeout.
 */
export function keepAliveFetcher(agent: Agent = keepAliveAgent()): Fetcher {
  const urls = new Map<string, URL>();
  return (async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    if (init?.method !== undefined && init.method !== 'POST') throw new Error(`Subgraph calls are POSTs, not ${init.method}`);
    let target = urls.get(url);
    if (!target) {
      target = new URL(url);
      urls.set(url, target);
    }
    return postJson(target, init?.body ?? '', { headers: init?.headers ?? {}, agent });
  }) as unknown as Fetcher;
}

/**
 * Calls a subgraph on behalf of the client: forwards the client's credential, the request id and
 * the client's address as the gateway determined it, and nothing else (a client can never pass a
 * service credential or its own `x-client-ip` through the gateway).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override fetcher: Fetcher = keepAliveFetcher();

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.clientIp) request.http.headers.set(CLIENT_IP_HEADER, context.clientIp);
  }
}
