import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Identity } from '@shopgraph/auth';
import { AppError } from '@shopgraph/errors';
import type { Logger } from '@shopgraph/observability';
import type { EdgeSettings } from '../config.js';

/** The outcome of counting one request against its caller's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Where the limiter keeps its counters besides its settings (tests isolate themselves by prefix). */
export interface RateLimitStoreOptions {
  logger?: Logger;
  /** Prefix of the Redis keys (default `shopgraph:rate`): gateways sharing budgets use the same one. */
  redisKeyPrefix?: string;
}

/** How long one Redis command may take before the request is counted in memory instead. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * Per-caller request budgets at the edge (fixed windows): a signed-in customer or staff member
 * by its id, anyone else — anonymous callers and guests, whose tokens cost nothing to obtain — by
 * client IP. A budget of 0 means no limit. Counted in this process's memory by default; with
 * `rateLimitRedisUrl` in Redis, so every gateway instance draws on the same budgets, and while
 * Redis cannot answer, in memory again (rate-limiter-flexible's insurance limiter; logged).
 */
export class EdgeRateLimiter {
  private readonly perAccount?: RateLimiterAbstract;
  private readonly perIp?: RateLimiterAbstract;
  private readonly redis?: Redis;
  private readonly fallback: () => void;

  constructor(
    settings: Pick<EdgeSettings, 'rateLimitPerCustomer' | 'rateLimitPerIp' | 'rateLimitWindowSeconds' | 'rateLimitRedisUrl'>,
    options: RateLimitStoreOptions = {},
  ) {
    const duration = settings.rateLimitWindowSeconds;
    const enabled = settings.rateLimitPerCustomer > 0 || settings.rateLimitPerIp > 0;
    if (settings.rateLimitRedisUrl && enabled) this.redis = sharedStore(settings.rateLimitRedisUrl, options.logger);
    const prefix = options.redisKeyPrefix ?? 'shopgraph:rate';
    this.fallback = fallbackReporter(options.logger);
    const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
      if (!this.redis) return new RateLimiterMemory({ keyPrefix, points, duration });
      // Redis not ready (connecting, reconnecting) or too slow: counted in memory, never waited for.
      return new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${prefix}:${keyPrefix}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new InsuranceLimiter({ keyPrefix, points, duration }, this.fallback),
      });
    };
    if (settings.rateLimitPerCustomer > 0) this.perAccount = limiter('account', settings.rateLimitPerCustomer);
    if (settings.rateLimitPerIp > 0) this.perIp = limiter('ip', settings.rateLimitPerIp);
  }

  /**
   * Settles once budgets are counted in Redis (at once when they are kept in memory). Requests
   * never wait for it: until then they are counted in memory.
   */
  async shared(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  }

  /** Closes the Redis connection, if any. */
  close(): void {
    this.redis?.disconnect();
  }

  /** Counts one request of `identity` from `ip`; `undefined` when no limit applies to it. */
  async consume(identity: Identity, ip: string): Promise<RateLimitDecision | undefined> {
    const [limiter, key] =
      identity.kind === 'customer'
        ? [this.perAccount, `customer:${identity.customerId}`]
        : identity.kind === 'staff'
          ? [this.perAccount, `staff:${identity.staffId}`]
          : [this.perIp, ip];
    if (!limiter) return undefined;
    const decide = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
      allowed,
      limit: limiter.points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return decide(await limiter.consume(key), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decide(rejection, false);
      throw rejection;
    }
  }
}

/** The in-memory limiter that counts while Redis cannot; tells `onUse` each time it does. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(...args);
  }
}

/** Least time between two warnings that budgets are counted in memory. */
const FALLBACK_REPORT_INTERVAL_MS = 60_000;

/** Warns that requests are counted in this gateway's memory, at most once a minute while it lasts. */
function fallbackReporter(logger: Logger | undefined): () => void {
  let reportedAt = -Infinity;
  return () => {
    const now = performance.now();
    if (now - reportedAt < FALLBACK_REPORT_INTERVAL_MS) return;
    reportedAt = now;
    logger?.warn("Redis did not answer: rate limits are counted in this gateway's memory (not shared) until it does");
  };
}

/**
 * The Redis connection of shared budgets. Without an offline queue, commands fail at once while it
 * is down instead of waiting for a reconnect; losing and regaining it are logged.
 */
function sharedStore(url: string, logger: Logger | undefined): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 0 });
  const where = redisAddress(url);
  let up: boolean | undefined;
  redis.on('ready', () => {
    if (up !== true) logger?.info({ redis: where }, 'rate limits shared through Redis');
    up = true;
  });
  // Without a listener ioredis prints every failed reconnection attempt.
  redis.on('error', (error: Error) => {
    if (up !== false)
      logger?.warn({ redis: where, err: error }, 'Redis connection failed: rate limits fall back to memory while it is down');
    up = false;
  });
  return redis;
}

/** Host and port of a Redis URL, without its credentials (for logs). */
function redisAddress(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 6379}`;
}

/** The `RATE_LIMITED` error of a refused request, with the seconds to wait. */
export function rateLimitedError(decision: RateLimitDecision): AppError {
  return new AppError('RATE_LIMITED', `Too many requests: at most ${decision.limit} per window; retry in ${decision.resetSeconds} s`, {
    retryAfterSeconds: decision.resetSeconds,
  });
}

/** `RateLimit-*` (IETF draft) and `X-RateLimit-*` headers of a decision, plus `Retry-After` when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + decision.resetSeconds),
  };
  if (!decision.allowed) headers['retry-after'] = String(decision.resetSeconds);
  return headers;
}
