import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import {
  type Admission,
  type LoginThrottleRules,
  type ThrottleBudget,
  type ThrottleCharge,
  type ThrottleRule,
  budgetsCharged,
  isExhausted,
  judgeAttempt,
  settleSuccess,
} from '../domain/login-throttle.js';

/**
 * The throttle keys of one attempt (see domain/login-throttle.ts): its email's and its IP's, and
 * its device's when it presented a valid device token of the account.
 */
export interface ThrottleKeys {
  account: string;
  ip: string;
  device: string | null;
}

/**
 * Failed sign-in throttling per email, per IP and per known device, with counters in PostgreSQL so
 * that every customer instance sees the same ones. Each attempt takes one point from the budgets
 * it is charged to before its password is checked (an atomic upsert), so parallel guesses cannot
 * slip past the count; a successful sign-in gives them back as the domain rules say.
 */
export class LoginThrottle {
  private readonly limiters: Record<ThrottleBudget, RateLimiterPostgres>;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly rules: LoginThrottleRules,
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
    this.limiters = { account: limiter('account', rules.account), ip: limiter('ip', rules.ip), device: limiter('device', rules.device) };
  }

  /** Charges the attempt to its budgets (a trusted device's own, else the IP's and the email's); refused once one is used up. */
  async admit(keys: ThrottleKeys): Promise<Admission> {
    const charges: ThrottleCharge[] = [];
    for (const budget of budgetsCharged(keys.device !== null)) {
      const charge = await this.charge(budget, keys);
      charges.push(charge);
      // A budget already used up refuses the attempt: the ones after it are not charged for nothing.
      if (isExhausted(charge, this.rules)) break;
    }
    return judgeAttempt(charges, this.rules);
  }

  /** After a correct password: forgives and refunds what the domain rules say. */
  async succeeded(keys: ThrottleKeys): Promise<void> {
    const { forget, refund } = settleSuccess(keys.device !== null);
    await Promise.all([
      ...forget.map((budget) => this.limiters[budget].delete(keyOf(budget, keys))),
      ...refund.map((budget) => this.limiters[budget].reward(keyOf(budget, keys), 1)),
    ]);
  }

  /** Closes the throttle's connections. */
  close(): Promise<void> {
    return this.pool.end();
  }

  private async charge(budget: ThrottleBudget, keys: ThrottleKeys): Promise<ThrottleCharge> {
    let result: RateLimiterRes;
    try {
      result = await this.limiters[budget].consume(keyOf(budget, keys));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      result = rejection;
    }
    return { budget, consumed: result.consumedPoints, msBeforeNext: result.msBeforeNext };
  }
}

function keyOf(budget: ThrottleBudget, keys: ThrottleKeys): string {
  const key = keys[budget];
  if (key === null) throw new Error(`No ${budget} throttle key for this attempt`);
  return key;
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
