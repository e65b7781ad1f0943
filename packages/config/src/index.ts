import { z } from 'zod';

/** Thrown when the environment does not satisfy a configuration schema; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads `env` once through a zod object schema. Every problem is collected and reported together,
 * so an operator fixes the whole environment in one pass instead of one variable per restart.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

/**
 * Loads configuration for a process entry point: on invalid settings prints every problem and
 * exits with status 1 instead of a stack trace.
 */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Ports of the seven processes; 0 picks a free port (tests). */
export const DEFAULT_PORTS = {
  gateway: 4000,
  catalog: 4001,
  inventory: 4002,
  promotion: 4003,
  customer: 4004,
  order: 4005,
  review: 4006,
} as const;

/** Names of the six subgraphs, in composition order. */
export const SUBGRAPH_NAMES = ['catalog', 'inventory', 'promotion', 'customer', 'order', 'review'] as const;
/** One of the six subgraphs. */
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Settings every process shares. */
export const commonEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Interface to listen on: loopback by default, 0.0.0.0 in containers. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters').default('dev-service-token-change-me'),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_ISSUER: z.string().default('shopgraph'),
  CATALOG_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.catalog}/graphql`),
  INVENTORY_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.inventory}/graphql`),
  PROMOTION_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.promotion}/graphql`),
  CUSTOMER_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.customer}/graphql`),
  ORDER_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.order}/graphql`),
  REVIEW_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.review}/graphql`),
  /**
   * Peers (the gateway) whose `x-client-ip` header subgraphs believe: addresses, subnets, `loopback`,
   * `linklocal`, `uniquelocal`; empty believes nobody.
   */
  CLIENT_IP_TRUSTED_PEERS: z.string().default('loopback,uniquelocal'),
  /** Days published outbox rows and inbox rows are kept (pending and failed outbox rows stay). */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /**
   * Least milliseconds between two outbox relay passes begun by commits: under a stream of commits
   * one pass publishes what several wrote (events wait at most this long); 0 runs a pass per commit.
   */
  OUTBOX_RELAY_MIN_PASS_INTERVAL_MS: z.coerce.number().int().min(0).max(1000).default(10),
  BASE_CURRENCY: z.enum(['VND', 'USD', 'EUR', 'GBP', 'JPY']).default('VND'),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
/** Parsed common settings. */
export type CommonConfig = z.infer<typeof commonEnv>;

/** The settings of one subgraph process: the common ones plus its port. */
export function subgraphEnv(name: SubgraphName) {
  return commonEnv.extend({ PORT: port(DEFAULT_PORTS[name]) });
}

/** Subgraph URL by name, from a parsed common config. */
export function subgraphUrls(config: CommonConfig): Record<SubgraphName, string> {
  return {
    catalog: config.CATALOG_URL,
    inventory: config.INVENTORY_URL,
    promotion: config.PROMOTION_URL,
    customer: config.CUSTOMER_URL,
    order: config.ORDER_URL,
    review: config.REVIEW_URL,
  };
}

export { z, port };
