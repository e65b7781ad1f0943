import { DEFAULT_PORTS, commonEnv, port, productionSecrets, z } from '@shopgraph/config';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Settings of the gateway process (production refuses the public development secrets). */
export const gatewayEnv = commonEnv
  .extend({
    PORT: port(DEFAULT_PORTS.gateway),
    /** `file` serves the committed supergraph; `compose` introspects the running subgraphs (development). */
    SUPERGRAPH_SOURCE: z.enum(['file', 'compose']).default('file'),
    SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
    /** Comma-separated allowed origins, or `*`. */
    CORS_ORIGINS: z.string().default('*'),

    /** `jwks` verifies access tokens against the customer subgraph's key set; `static` against `JWT_PUBLIC_KEY` (offline, tests). */
    JWT_KEY_SOURCE: z.enum(['jwks', 'static']).default('jwks'),
    /** Where the key set is; defaults to `/.well-known/jwks.json` on the host of `CUSTOMER_URL`. */
    JWKS_URL: z.string().url().optional(),
    /** How long a fetched key set is trusted before it is fetched again. */
    JWKS_CACHE_MAX_AGE_SECONDS: positive(600),
    /** Least time between two fetches (an unknown `kid` refetches at most this often). */
    JWKS_COOLDOWN_SECONDS: count(30),

    /** Requests a signed-in customer (or admin) may make per window; 0 turns the limit off. */
    RATE_LIMIT_PER_CUSTOMER: count(100),
    /** Requests an anonymous or guest caller may make per window, per client IP; 0 turns the limit off. */
    RATE_LIMIT_PER_IP: count(300),
    RATE_LIMIT_WINDOW_SECONDS: positive(60),
    /** Redis that every gateway instance counts the rate limits in (shared budgets); unset: this process's memory. */
    REDIS_URL: z.string().url().optional(),

    /** Deepest field nesting a query may have (introspection is exempt). */
    MAX_QUERY_DEPTH: positive(12),
    MAX_ALIASES: positive(15),
    MAX_DIRECTIVES: positive(50),
    /** Estimated cost an operation may have: fields resolved, lists counted by their page size (see `edge/query-cost.ts`). */
    MAX_COST: positive(10000),
    /** Lexical tokens a document may have (GraphQL parser limit). */
    MAX_TOKENS: positive(2000),
    /** Largest request body, e.g. `256kb` (413 beyond). */
    MAX_BODY_SIZE: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i, 'a size like 256kb')
      .default('256kb'),
    /**
     * Which peers may tell the client's address in `X-Forwarded-For`: `false` (none: the socket
     * address is the client), `true` (any), a hop count, or comma-separated addresses, subnets or
     * `loopback`/`linklocal`/`uniquelocal` (Express "trust proxy" values).
     */
    TRUST_PROXY: z.string().default('false'),

    /** Serve the GraphQL IDE (ruru, from node_modules) at GET /graphql; unset: on outside production. */
    GRAPHQL_IDE: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
    /** Folder of the built storefront (`vite build`), served at `/` when it holds an `index.html`. */
    STOREFRONT_DIR: z.string().default('storefront/dist'),
  })
  // With a key set the gateway needs no key of its own; with a static key it needs the public one.
  .superRefine(productionSecrets((config) => (config.JWT_KEY_SOURCE === 'static' ? 'public' : 'none')));

/** Parsed gateway settings. */
export type GatewayConfig = z.infer<typeof gatewayEnv>;

/** Edge protection settings of a running gateway (rate limits, request limits, client IPs). */
export interface EdgeSettings {
  rateLimitPerCustomer: number;
  rateLimitPerIp: number;
  rateLimitWindowSeconds: number;
  /** Where budgets are shared between gateway instances; unset: counted in memory. */
  rateLimitRedisUrl?: string;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  maxTokens: number;
  maxBodySize: string;
  trustProxy: string;
}

/** How the gateway gets the public keys that verify access tokens. */
export type KeySource =
  { kind: 'static'; publicKey: string } | { kind: 'jwks'; url: string; cacheMaxAgeSeconds: number; cooldownSeconds: number };

/** The edge settings of a parsed configuration. */
export function edgeSettings(config: GatewayConfig): EdgeSettings {
  return {
    rateLimitPerCustomer: config.RATE_LIMIT_PER_CUSTOMER,
    rateLimitPerIp: config.RATE_LIMIT_PER_IP,
    rateLimitWindowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    ...(config.REDIS_URL ? { rateLimitRedisUrl: config.REDIS_URL } : {}),
    maxDepth: config.MAX_QUERY_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxDirectives: config.MAX_DIRECTIVES,
    maxCost: config.MAX_COST,
    maxTokens: config.MAX_TOKENS,
    maxBodySize: config.MAX_BODY_SIZE,
    trustProxy: config.TRUST_PROXY,
  };
}

/** Whether the gateway serves its GraphQL IDE: `GRAPHQL_IDE`, else everywhere but production. */
export function ideEnabled(config: GatewayConfig): boolean {
  return config.GRAPHQL_IDE ?? config.NODE_ENV !== 'production';
}

/** The JWKS source of a parsed configuration (`JWKS_URL`, or the customer subgraph's). */
export function jwksSource(config: GatewayConfig): Extract<KeySource, { kind: 'jwks' }> {
  return {
    kind: 'jwks',
    url: config.JWKS_URL ?? new URL('/.well-known/jwks.json', config.CUSTOMER_URL).toString(),
    cacheMaxAgeSeconds: config.JWKS_CACHE_MAX_AGE_SECONDS,
    cooldownSeconds: config.JWKS_COOLDOWN_SECONDS,
  };
}

/** Edge settings when nothing is configured (the documented defaults). */
export const DEFAULT_EDGE: EdgeSettings = edgeSettings(gatewayEnv.parse({}));
