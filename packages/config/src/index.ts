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
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
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

/** The development service token, public in the README: refused in production. */
export const DEV_SERVICE_TOKEN = 'dev-service-token-change-me';
/** Port of the payment simulator process (`npm start` runs it beside the subgraphs). */
export const PAYSIM_DEFAULT_PORT = 4007;

/** The development payment webhook secret, public in the README: refused in production. */
export const DEV_PAYMENT_WEBHOOK_SECRET = 'dev-paysim-webhook-secret-0001';

/** Settings every process shares. */
export const commonEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Interface to listen on: loopback by default, 0.0.0.0 in containers. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  /** Connections of a subgraph's ORM pool (its requests and stores); see the README's connection budget. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Connections of each of the event bus's two pg-boss pools (publish, fetch), LISTEN aside; see the README's connection budget. */
  EVENT_BUS_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(2),
  SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters').default(DEV_SERVICE_TOKEN),
  /** Shared secret that signs the payment provider's webhooks (HMAC). */
  PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_PAYMENT_WEBHOOK_SECRET),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_ISSUER: z.string().default('shopgraph'),
  CATALOG_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.catalog}/graphql`),
  INVENTORY_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.inventory}/graphql`),
  PROMOTION_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.promotion}/graphql`),
  CUSTOMER_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.customer}/graphql`),
  ORDER_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.order}/graphql`),
  REVIEW_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.review}/graphql`),
  /** The payment simulator (paysim), the default payment provider. */
  PAYSIM_URL: z.string().url().default(`http://127.0.0.1:${PAYSIM_DEFAULT_PORT}`),
  /**
   * Peers (the gateway) whose `x-client-ip` header subgraphs believe: addresses, subnets, `loopback`,
   * `linklocal`, `uniquelocal`; empty believes nobody.
   */
  CLIENT_IP_TRUSTED_PEERS: z.string().default('loopback,uniquelocal'),
  /** Where events travel: pg-boss queues in PostgreSQL (default), or NATS JetStream at `NATS_URL`; delayed and recurring jobs stay on pg-boss. */
  EVENT_TRANSPORT: z.enum(['pg-boss', 'nats']).default('pg-boss'),
  NATS_URL: z.string().url().optional(),
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

/**
 * The JWT key a process needs in production: `private` to sign (the customer subgraph), `public` to
 * verify (a private key also serves, its public half is derived), `none` when it fetches a key set.
 */
export type JwtKeyNeed = 'private' | 'public' | 'none';

/**
 * A refinement for a process schema: in production, every development default that is public (the
 * README prints them) is refused, and so is a missing JWT key, each as its own problem so that
 * `loadConfig` lists them all at once. Outside production nothing is required.
 */
export function productionSecrets<C extends CommonConfig>(keyNeed: (config: C) => JwtKeyNeed) {
  return (config: C, ctx: z.RefinementCtx): void => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (config.EVENT_TRANSPORT === 'nats' && !config.NATS_URL) problem('NATS_URL', 'is required when EVENT_TRANSPORT=nats');
    if (config.NODE_ENV !== 'production') return;
    if (config.SERVICE_TOKEN === DEV_SERVICE_TOKEN)
      problem('SERVICE_TOKEN', 'must be set in production (the development default is public)');
    if (config.PAYMENT_WEBHOOK_SECRET === DEV_PAYMENT_WEBHOOK_SECRET) {
      problem('PAYMENT_WEBHOOK_SECRET', 'must be set in production (the development default is public)');
    }
    const need = keyNeed(config);
    if (need === 'private' && !config.JWT_PRIVATE_KEY)
      problem('JWT_PRIVATE_KEY', 'is required in production: this process signs access tokens');
    if (need === 'public' && !config.JWT_PUBLIC_KEY && !config.JWT_PRIVATE_KEY) {
      problem('JWT_PUBLIC_KEY', 'is required in production: this process verifies access tokens');
    }
  };
}

/**
 * The settings of one subgraph process: the common ones plus its port, with the production
 * refinements (the customer subgraph signs tokens, every other one verifies them).
 */
export function subgraphEnv(name: SubgraphName) {
  return commonEnv
    .extend({ PORT: port(DEFAULT_PORTS[name]) })
    .superRefine(productionSecrets(() => (name === 'customer' ? 'private' : 'public')));
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
