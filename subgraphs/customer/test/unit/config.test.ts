import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@shopgraph/config';
import { DEMO_OWNER } from '@shopgraph/demo-data';
import { DEV_LOGIN_DEVICE_SECRET, customerEnv, deviceTokenSecret, ownerFromEnv } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(customerEnv, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

const PRODUCTION = { NODE_ENV: 'production', SEED_DEMO_DATA: 'false' };

/** Issue 16: a production start refuses weak staff secrets and demo data, listing every problem. */
describe('customer settings', () => {
  it('lists every production problem at once: demo data, demo owner password, public device secret', () => {
    const env = {
      NODE_ENV: 'production',
      STAFF_OWNER_EMAIL: 'boss@shop.example',
      STAFF_OWNER_PASSWORD: DEMO_OWNER.password,
      LOGIN_DEVICE_SECRET: DEV_LOGIN_DEVICE_SECRET,
    };
    expect(problemsOf(env).sort()).toEqual([
      'LOGIN_DEVICE_SECRET: must not be the development default in production (it is public)',
      'SEED_DEMO_DATA: must be false in production (the demo accounts have public passwords)',
      'STAFF_OWNER_PASSWORD: must not be the demo password in production (it is public)',
    ]);
  });

  it('refuses an owner password under 12 characters in production only', () => {
    const owner = { STAFF_OWNER_EMAIL: 'boss@shop.example', STAFF_OWNER_PASSWORD: 'short-pw-11' };
    expect(problemsOf({ ...PRODUCTION, ...owner })).toEqual(['STAFF_OWNER_PASSWORD: must have at least 12 characters in production']);
    expect(problemsOf({ NODE_ENV: 'development', ...owner })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, ...owner, STAFF_OWNER_PASSWORD: 'a-long-owner-pass-42' })).toEqual([]);
  });

  it('wants the owner email and password together, and a password the policy accepts', () => {
    expect(problemsOf({ STAFF_OWNER_EMAIL: 'boss@shop.example' })).toEqual([
      'STAFF_OWNER_PASSWORD: STAFF_OWNER_EMAIL and STAFF_OWNER_PASSWORD go together',
    ]);
    expect(problemsOf({ STAFF_OWNER_EMAIL: 'boss@shop.example', STAFF_OWNER_PASSWORD: 'lettersonly-long' })).toEqual([
      'STAFF_OWNER_PASSWORD: Password must contain letters and digits',
    ]);
    expect(ownerFromEnv(loadConfig(customerEnv, {}))).toBeNull();
    expect(
      ownerFromEnv(loadConfig(customerEnv, { STAFF_OWNER_EMAIL: 'boss@shop.example', STAFF_OWNER_PASSWORD: 'chief-pass-4242' })),
    ).toEqual({
      email: 'boss@shop.example',
      password: 'chief-pass-4242',
      name: 'Owner',
    });
  });

  it('accepts a production environment without demo data or an owner', () => {
    expect(problemsOf(PRODUCTION)).toEqual([]);
  });

  it('signs device tokens with LOGIN_DEVICE_SECRET, else a secret derived from the signing key', () => {
    const set = 'an-operator-chosen-device-secret-0123456789';
    expect(deviceTokenSecret({ LOGIN_DEVICE_SECRET: set, JWT_PRIVATE_KEY: 'key-a' })).toBe(set);
    const derived = deviceTokenSecret({ LOGIN_DEVICE_SECRET: undefined, JWT_PRIVATE_KEY: 'key-a' });
    expect(derived).toHaveLength(43);
    expect(derived).not.toContain('key-a');
    expect(deviceTokenSecret({ LOGIN_DEVICE_SECRET: undefined, JWT_PRIVATE_KEY: 'key-a' })).toBe(derived);
    expect(deviceTokenSecret({ LOGIN_DEVICE_SECRET: undefined, JWT_PRIVATE_KEY: 'key-b' })).not.toBe(derived);
    expect(deviceTokenSecret({ LOGIN_DEVICE_SECRET: undefined, JWT_PRIVATE_KEY: undefined })).toBe(DEV_LOGIN_DEVICE_SECRET);
  });
});
