import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@shopgraph/subgraph';
import type { GatewayContext } from './context.js';

/**
 * Calls a subgraph on behalf of the client: forwards the client's credential and the request id,
 * and nothing else (a client can never pass a service credential through the gateway).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
