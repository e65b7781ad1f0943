import type { Server } from 'node:http';
import { Agent } from 'undici';

/**
 * Keep-alive connections to subgraphs (undici). undici reads the server's `Keep-Alive: timeout=N`
 * hint and drops an idle socket before the server would, so a call never lands on a connection
 * the server is closing. `undici.request` costs well under the CPU of node-fetch or of the global
 * fetch per call (no `Request`/`Headers`/stream objects): subgraph calls are small JSON POSTs.
 */
export function keepAliveDispatcher(): Agent {
  return new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000, connections: 128 });
}

/** One pool of keep-alive connections for every service call of the process. */
export const serviceDispatcher = keepAliveDispatcher();

/** How long our HTTP servers keep an idle connection open (Node's default is 5 s). */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/**
 * Keeps idle connections open far longer than any client keeps them (undici drops one a second
 * before the server's `Keep-Alive: timeout` hint). With Node's 5 s the margin is that one second, and
 * an event loop stalled longer on a busy machine closes a socket just as a client reuses it: the
 * client then sees ECONNRESET on a request the server never read.
 */
export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  // Must exceed the keep-alive timeout, or a slow first header on a reused socket is cut off.
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1_000;
}
