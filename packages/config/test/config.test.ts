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
});
