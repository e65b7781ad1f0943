import { DEFAULT_PORTS, commonEnv, port, z } from '@shopgraph/config';

/** Settings of the gateway process. */
export const gatewayEnv = commonEnv.extend({
  PORT: port(DEFAULT_PORTS.gateway),
  /** `file` serves the committed supergraph; `compose` introspects the running subgraphs (development). */
  SUPERGRAPH_SOURCE: z.enum(['file', 'compose']).default('file'),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  /** Comma-separated allowed origins, or `*`. */
  CORS_ORIGINS: z.string().default('*'),
});

/** Parsed gateway settings. */
export type GatewayConfig = z.infer<typeof gatewayEnv>;
