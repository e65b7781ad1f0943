import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEV_SERVICE_TOKEN, commonEnv, loadConfig, subgraphEnv } from '@shopgraph/config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig(subgraphEnv('catalog'), {});
    expect(config.PORT).toBe(4001);
    expect(config.NODE_ENV).toBe('development');
    expect(config.SEED_DEMO_DATA).toBe(true);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(commonEnv, { NODE_ENV: 'staging', DATABASE_URL: 'not a url', SERVICE_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/NODE_ENV/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/SERVICE_TOKEN/);
  });

  it('takes the outbox relay pass interval in whole milliseconds from 0 (a pass per commit) to 1000, 10 by default', () => {
    expect(loadConfig(subgraphEnv('inventory'), {}).OUTBOX_RELAY_MIN_PASS_INTERVAL_MS).toBe(10);
    expect(loadConfig(subgraphEnv('inventory'), { OUTBOX_RELAY_MIN_PASS_INTERVAL_MS: '0' }).OUTBOX_RELAY_MIN_PASS_INTERVAL_MS).toBe(0);
    for (const bad of ['-1', '2.5', '5000', 'soon']) {
      expect(() => loadConfig(subgraphEnv('inventory'), { OUTBOX_RELAY_MIN_PASS_INTERVAL_MS: bad })).toThrow(
        /OUTBOX_RELAY_MIN_PASS_INTERVAL_MS/,
      );
    }
  });
});

/** Issue 16: production refuses the public development secrets and missing keys, listing every problem. */
describe('production secrets', () => {
  const problemsOf = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  const KEY = '-----BEGIN PUBLIC KEY-----\nMFkw…\n-----END PUBLIC KEY-----';
  const secrets = { SERVICE_TOKEN: 'a-production-service-token', PAYMENT_WEBHOOK_SECRET: 'a-production-webhook-secret' };

  it('lists every missing secret and key of a production start at once, with the other problems', () => {
    const customer = problemsOf(() => loadConfig(subgraphEnv('customer'), { NODE_ENV: 'production', DATABASE_URL: 'not a url' }));
    expect(customer.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'JWT_PRIVATE_KEY',
      'PAYMENT_WEBHOOK_SECRET',
      'SERVICE_TOKEN',
    ]);
    // A verifying subgraph needs the public key instead (a public key alone does not let the customer subgraph sign).
    expect(
      problemsOf(() => loadConfig(subgraphEnv('order'), { NODE_ENV: 'production' }))
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['JWT_PUBLIC_KEY', 'PAYMENT_WEBHOOK_SECRET', 'SERVICE_TOKEN']);
    expect(problemsOf(() => loadConfig(subgraphEnv('customer'), { NODE_ENV: 'production', ...secrets, JWT_PUBLIC_KEY: KEY }))).toEqual([
      expect.stringMatching(/^JWT_PRIVATE_KEY: is required in production/),
    ]);
  });

  it('refuses the default service token and webhook secret from the README even when set explicitly', () => {
    const env = { NODE_ENV: 'production', JWT_PUBLIC_KEY: KEY, ...secrets };
    expect(problemsOf(() => loadConfig(subgraphEnv('catalog'), { ...env, SERVICE_TOKEN: 'dev-service-token-change-me' }))).toEqual([
      expect.stringMatching(/^SERVICE_TOKEN: must be set in production/),
    ]);
    expect(
      problemsOf(() => loadConfig(subgraphEnv('order'), { ...env, PAYMENT_WEBHOOK_SECRET: 'dev-paysim-webhook-secret-0001' })),
    ).toEqual([expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET: must be set in production/)]);
    const config = loadConfig(subgraphEnv('catalog'), env);
    expect(config.SERVICE_TOKEN).toBe(secrets.SERVICE_TOKEN);
    expect(config.PAYMENT_WEBHOOK_SECRET).toBe(secrets.PAYMENT_WEBHOOK_SECRET);
  });

  it('keeps the development defaults outside production', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const config = loadConfig(subgraphEnv('customer'), { NODE_ENV });
      expect(config.SERVICE_TOKEN).toBe(DEV_SERVICE_TOKEN);
      expect(config.PAYMENT_WEBHOOK_SECRET).toBe('dev-paysim-webhook-secret-0001');
      expect(config.JWT_PRIVATE_KEY).toBeUndefined();
    }
    expect(problemsOf(() => loadConfig(subgraphEnv('review'), { PAYMENT_WEBHOOK_SECRET: 'short' }))).toEqual([
      expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET: must be at least 16/),
    ]);
  });
});
