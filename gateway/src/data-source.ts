import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { type Dispatcher, request } from 'undici';
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER, keepAliveDispatcher } from '@shopgraph/subgraph';
import type { GatewayContext } from './context.js';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Subgraph calls with `undici.request` over keep-alive connections, the buffered answer handed to
 * Apollo as a standard `Response`. Apollo's default fetcher, make-fetch-happen, adds an HTTP cache
 * layer, retries and an agent that builds an Error stack trace per request, and node-fetch or the
 * global fetch build `Request`, `Headers` and stream objects per call: each costs about twice the
 * CPU per subgraph call.
 */
export function keepAliveFetcher(dispatcher: Dispatcher = keepAliveDispatcher(), timeoutMs = 30_000): Fetcher {
  return (async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    const answer = await request(url, {
      method: (init?.method ?? 'POST') as Dispatcher.HttpMethod,
      headers: init?.headers ?? {},
      body: init?.body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      dispatcher,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    return new Response(await answer.body.text(), {
      status: answer.statusCode,
      statusText: STATUS_CODES[answer.statusCode] ?? '',
      headers,
    });
  }) as unknown as Fetcher;
}

/**
 * Calls a subgraph on behalf of the client: forwards the client's credential, the request id and
 * the client's address as the gateway determined it, and nothing else (a client can never pass a
 * service credential or its own `x-client-ip` through the gateway).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override fetcher: Fetcher = keepAliveFetcher();

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.clientIp) request.http.headers.set(CLIENT_IP_HEADER, context.clientIp);
  }
}
