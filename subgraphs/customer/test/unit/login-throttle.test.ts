import { describe, expect, it } from '@jest/globals';
import { isDeviceTokenOf, issueDeviceToken } from '../../src/domain/device-token.js';
import {
  type LoginThrottleRules,
  type ThrottleCharge,
  accountThrottleKey,
  budgetsCharged,
  judgeAttempt,
  settleSuccess,
} from '../../src/domain/login-throttle.js';

const RULES: LoginThrottleRules = {
  account: { maxFailures: 5, windowSeconds: 900 },
  ip: { maxFailures: 20, windowSeconds: 900 },
  device: { maxFailures: 5, windowSeconds: 900 },
};
const charge = (budget: ThrottleCharge['budget'], consumed: number, msBeforeNext = 60_000): ThrottleCharge => ({
  budget,
  consumed,
  msBeforeNext,
});

/** Issue 16: sign-in throttling that a stranger cannot turn against the owner (OWASP device cookies). */
describe('login throttle rules', () => {
  it.each([
    { trusted: false, budgets: ['ip', 'account'] },
    { trusted: true, budgets: ['device'] },
  ])('charges a $trusted-trusted attempt to $budgets', ({ trusted, budgets }) => {
    expect(budgetsCharged(trusted)).toEqual(budgets);
  });

  it.each([
    { what: 'first attempt of an unknown client', charges: [charge('ip', 1), charge('account', 1)], admitted: true },
    { what: 'fifth failure on the account', charges: [charge('ip', 5), charge('account', 5)], admitted: true },
    { what: 'sixth attempt on the account', charges: [charge('ip', 6), charge('account', 6, 840_500)], retry: 841 },
    { what: 'the IP past its budget (account untouched)', charges: [charge('ip', 21, 1_200)], retry: 2 },
    { what: 'both past, the longer wait wins', charges: [charge('ip', 30, 5_000), charge('account', 50, 9_000)], retry: 9 },
    { what: 'a known device within its own budget', charges: [charge('device', 5)], admitted: true },
    { what: 'a known device past its own budget', charges: [charge('device', 6, 100)], retry: 1 },
  ])('$what', ({ charges, admitted, retry }) => {
    expect(judgeAttempt(charges, RULES)).toEqual(admitted ? { admitted: true } : { admitted: false, retryAfterSeconds: retry });
  });

  it.each([
    // From a known device only that device's failures are forgiven: a stranger's lockout of the account stays.
    { trusted: true, settlement: { forget: ['device'], refund: [] } },
    { trusted: false, settlement: { forget: ['account'], refund: ['ip'] } },
  ])('settles a success from a $trusted-trusted client', ({ trusted, settlement }) => {
    expect(settleSuccess(trusted)).toEqual(settlement);
  });

  it('counts customer and staff sign-ins of one email apart, whatever the case', () => {
    expect(accountThrottleKey('Owner@Shop.example')).toBe(accountThrottleKey('owner@shop.example '));
    expect(accountThrottleKey('owner@shop.example', 'staff')).toBe(accountThrottleKey('OWNER@shop.example', 'staff'));
    expect(accountThrottleKey('owner@shop.example', 'staff')).not.toBe(accountThrottleKey('owner@shop.example', 'customer'));
  });
});

describe('device tokens', () => {
  const secret = 'a-test-device-secret-of-32-characters!';
  const owner = { kind: 'customer', id: '8f1d7c52-3a5e-4c1b-9a43-1f0e2d3c4b5a' } as const;
  const token = issueDeviceToken(secret, owner);

  it('is valid for the account it was issued to, and only with the server secret', () => {
    expect(isDeviceTokenOf(secret, owner, token)).toBe(true);
    expect(isDeviceTokenOf('another-secret-of-32-characters-long!!', owner, token)).toBe(false);
  });

  it.each([
    ['another account', { ...owner, id: '0c6a1e7b-2f4d-4e8a-b1c3-5d6e7f8a9b0c' }, token],
    ['the same id as staff', { ...owner, kind: 'staff' as const }, token],
    ['a changed nonce', owner, `x${token}`],
    ['a changed signature', owner, `${token.slice(0, -2)}AA`],
    ['no signature', owner, token.split('.')[0]],
    ['an extra part', owner, `${token}.x`],
    ['an empty string', owner, ''],
    ['nothing', owner, null],
    ['a huge string', owner, 'a'.repeat(1_000_000)],
  ])('counts as none with %s', (_what, account, presented) => {
    expect(isDeviceTokenOf(secret, account, presented)).toBe(false);
  });

  it('is new at every issue', () => {
    expect(issueDeviceToken(secret, owner)).not.toBe(token);
  });
});
