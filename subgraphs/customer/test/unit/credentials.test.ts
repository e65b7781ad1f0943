import { describe, expect, it } from '@jest/globals';
import { isValidEmail, normalizeEmail, passwordProblems } from '../../src/domain/credentials.js';
import { afterFailure, isLockedOut } from '../../src/domain/login-throttle.js';
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

describe('login throttle', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  it('locks after five failures within 15 minutes and unlocks when the window ends', () => {
    let record = { count: 0, windowStartedAt: null as Date | null };
    for (let i = 0; i < 5; i += 1) {
      expect(isLockedOut(record, at(i))).toBe(false);
      record = afterFailure(record, at(i));
    }
    expect(isLockedOut(record, at(5))).toBe(true);
    expect(isLockedOut(record, at(14.9))).toBe(true);
    expect(isLockedOut(record, at(15))).toBe(false);
  });

  it('starts a new window for a failure after the old one ended', () => {
    const stale = { count: 4, windowStartedAt: t0 };
    expect(afterFailure(stale, at(20))).toEqual({ count: 1, windowStartedAt: at(20) });
    expect(afterFailure(stale, at(10))).toEqual({ count: 5, windowStartedAt: t0 });
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
