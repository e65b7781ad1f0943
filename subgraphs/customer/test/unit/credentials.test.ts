import { describe, expect, it } from '@jest/globals';
import { isValidEmail, normalizeEmail } from '@shopgraph/contracts/email';
import { passwordProblems } from '../../src/domain/credentials.js';
import { accountThrottleKey, ipThrottleKey, retryAfterSeconds } from '../../src/domain/login-throttle.js';
import { hashRefreshToken, newRefreshToken } from '../../src/domain/refresh-token.js';

describe('credential rules', () => {
  it('normalizes emails and checks their shape', () => {
    expect(normalizeEmail('  Foo@Bar.COM ')).toBe('foo@bar.com');
    expect(isValidEmail('foo@bar.com')).toBe(true);
    expect(isValidEmail('foo@bar')).toBe(false);
    expect(isValidEmail('foo bar@baz.com')).toBe(false);
  });

  it('accepts a long mixed password and explains each problem of a bad one', () => {
    expect(passwordProblems('correct-horse-42', 'ana@example.com')).toEqual([]);
    expect(passwordProblems('abc1', 'ana@example.com')).toEqual([expect.stringMatching(/at least 10/)]);
    expect(passwordProblems('abcdefghijkl', 'ana@example.com')).toEqual([expect.stringMatching(/letters and digits/)]);
    expect(passwordProblems('x1'.repeat(70), 'ana@example.com')).toEqual([expect.stringMatching(/at most 128/)]);
    expect(passwordProblems('nguyen-2026-pw', 'nguyen@example.com')).toEqual([expect.stringMatching(/email name/)]);
  });
});

describe('login throttle keys', () => {
  it('one key per email whatever its case or spacing, hashed so no address is stored', () => {
    const key = accountThrottleKey('Ana@Example.com ');
    expect(key).toBe(accountThrottleKey('ana@example.com'));
    expect(key).not.toBe(accountThrottleKey('bob@example.com'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('IP keys are bounded whatever the header carried', () => {
    expect(ipThrottleKey('203.0.113.7')).toMatch(/^[0-9a-f]{64}$/);
    expect(ipThrottleKey('x'.repeat(5000))).toHaveLength(64);
    expect(ipThrottleKey('2001:DB8::1')).toBe(ipThrottleKey('2001:db8::1'));
  });

  it('retry delays are whole seconds, at least one', () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(900_000)).toBe(900);
  });
});

describe('refresh tokens', () => {
  it('are random, URL-safe and hashed to a stable SHA-256 hex digest', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newRefreshToken()).not.toBe(a);
    expect(hashRefreshToken(a)).toBe(hashRefreshToken(a));
    expect(hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
