import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Identity } from '@shopgraph/auth';
import { AppError } from '@shopgraph/errors';
import type { EdgeSettings } from '../config.js';

/** The outcome of counting one request against its caller's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/**
 * Per-caller request budgets at the edge (fixed windows, in memory): a signed-in customer or admin
 * by its id, anyone else — anonymous callers and guests, whose tokens cost nothing to obtain — by
 * client IP. A budget of 0 means no limit.
 */
export class EdgeRateLimiter {
  private readonly perAccount?: RateLimiterMemory;
  private readonly perIp?: RateLimiterMemory;

  constructor(settings: Pick<EdgeSettings, 'rateLimitPerCustomer' | 'rateLimitPerIp' | 'rateLimitWindowSeconds'>) {
    const duration = settings.rateLimitWindowSeconds;
    if (settings.rateLimitPerCustomer > 0)
      this.perAccount = new RateLimiterMemory({ keyPrefix: 'account', points: settings.rateLimitPerCustomer, duration });
    if (settings.rateLimitPerIp > 0) this.perIp = new RateLimiterMemory({ keyPrefix: 'ip', points: settings.rateLimitPerIp, duration });
  }

  /** Counts one request of `identity` from `ip`; `undefined` when no limit applies to it. */
  async consume(identity: Identity, ip: string): Promise<RateLimitDecision | undefined> {
    const [limiter, key] =
      identity.kind === 'customer'
        ? [this.perAccount, `customer:${identity.customerId}`]
        : identity.kind === 'admin'
          ? [this.perAccount, `admin:${identity.adminId}`]
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
