import type { Identity } from '@shopgraph/auth';

/** What the gateway knows of a request. */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization?: string;
  /** The client's address (trust-proxy aware), forwarded to subgraphs as `x-client-ip`. */
  clientIp?: string;
}
