import { describe, expect, it } from '@jest/globals';
import { ConfigError, commonEnv, loadConfig, subgraphEnv } from '@shopgraph/config';

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
      expect(() => loadConfig(subgraphEnv('inventory'), { OUTBOX_RELAY_MIN_PASS_INTERVAL_MS: bad })).toThrow(/OUTBOX_RELAY_MIN_PASS_INTERVAL_MS/);
    }
  });
});
