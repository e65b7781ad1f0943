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
