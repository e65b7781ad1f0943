import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import {
  type LoginThrottleRules,
  type ThrottleRule,
  accountThrottleKey,
  ipThrottleKey,
  retryAfterSeconds,
} from '../domain/login-throttle.js';

/** Verdict on a sign-in attempt before its password is checked. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Failed sign-in throttling per email and per IP, with counters in PostgreSQL so that every
 * customer instance sees the same ones. Each attempt takes one point from both budgets before its
 * password is checked (an atomic upsert), so parallel guesses cannot slip past the count; a
 * successful sign-in gives them back.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byIp: RateLimiterPostgres;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    rules: LoginThrottleRules,
  ) {
    const limiter = (keyPrefix: string, rule: ThrottleRule) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        schemaName: schema,
        tableName: 'login_throttle',
        tableCreated: true,
        keyPrefix,
        points: rule.maxFailures,
        duration: rule.windowSeconds,
      });
    this.byAccount = limiter('account', rules.account);
    this.byIp = limiter('ip', rules.ip);
  }

  /** Takes one attempt from the IP's and the email's budgets; refused once either is used up. */
  async admit(email: string, ip: string): Promise<Admission> {
    try {
      await this.byIp.consume(ipThrottleKey(ip));
      await this.byAccount.consume(accountThrottleKey(email));
      return { admitted: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { admitted: false, retryAfterSeconds: retryAfterSeconds(rejection.msBeforeNext) };
      throw rejection;
    }
  }

  /** After a correct password: the email's failures are forgiven, and the IP gets its attempt back. */
  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.delete(accountThrottleKey(email)), this.byIp.reward(ipThrottleKey(ip), 1)]);
  }

  /** Closes the throttle's connections. */
  close(): Promise<void> {
    return this.pool.end();
  }
}

const open = new WeakMap<SubgraphRuntime, LoginThrottle>();

/** Opens the throttle of a running customer subgraph (on its own small pool to the subgraph's database). */
export function openLoginThrottle(runtime: SubgraphRuntime, rules: LoginThrottleRules): LoginThrottle {
  const pool = new pg.Pool({ connectionString: runtime.orm.config.get('clientUrl'), max: 4 });
  pool.on('error', (error) => runtime.logger.error({ err: error }, 'login throttle connection error'));
  const throttle = new LoginThrottle(pool, runtime.name, rules);
  open.set(runtime, throttle);
  return throttle;
}

/** The throttle opened for `runtime` (by the subgraph definition's start-up). */
export function loginThrottleOf(runtime: SubgraphRuntime): LoginThrottle {
  const throttle = open.get(runtime);
  if (!throttle) throw new Error('The login throttle is not open');
  return throttle;
}
