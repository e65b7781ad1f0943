import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@shopgraph/subgraph';
import type { GatewayContext } from './context.js';

/** Header carrying the client's address from the gateway to subgraphs (e.g. per-IP login throttling). */
export const CLIENT_IP_HEADER = 'x-client-ip';

/**
 * Calls a subgraph on behalf of the client: forwards the client's credential, the request id and
 * the client's address as the gateway determined it, and nothing else (a client can never pass a
 * service credential or its own `x-client-ip` through the gateway).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.clientIp) request.http.headers.set(CLIENT_IP_HEADER, context.clientIp);
  }
}
