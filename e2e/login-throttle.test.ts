import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EdgeSettings, RunningGateway } from '@shopgraph/gateway';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { LoginDocument, RegisterDocument, StaffLoginDocument } from './generated/graphql.js';

const CUSTOMER = { email: 'owner.of.account@example.com', password: 'my-own-secret-42' };
const STAFF = { email: 'shop.owner@shop.example', password: 'running-the-shop-42' };
/** LOGIN_MAX_FAILURES_PER_ACCOUNT's default. */
const ACCOUNT_BUDGET = 5;
const HOME = '198.51.100.7';
/** The stranger's addresses per account: 50 guesses spread so that no single address reaches the per-IP budget (20). */
const strangerIps = (kind: Kind) => [1, 2, 3, 4, 5].map((n) => `203.0.113.${kind === 'customer' ? n : n + 10}`);

type Kind = 'customer' | 'staff';
interface Attempt {
  codes: string[];
  signedIn: boolean;
  deviceToken: string | null;
}

/**
 * Issue 16: a stranger's guessing cannot lock the owner out (OWASP device cookies), for customers
 * and staff alike, through the gateway. Client addresses come from X-Forwarded-For, trusted from
 * loopback as behind a proxy.
 */
describe('sign-in throttling a stranger cannot turn against the owner', () => {
  let stack: TestStack<EdgeSettings, RunningGateway>;
  /** A device token of each account, from a sign-in before any guessing. */
  const firstDevices = new Map<Kind, string>();
  const saved = { STAFF_OWNER_EMAIL: process.env.STAFF_OWNER_EMAIL, STAFF_OWNER_PASSWORD: process.env.STAFF_OWNER_PASSWORD };

  beforeAll(async () => {
    Object.assign(process.env, { STAFF_OWNER_EMAIL: STAFF.email, STAFF_OWNER_PASSWORD: STAFF.password });
    stack = await startStack(STACK_APPS, { edge: { trustProxy: 'loopback' } });
    const registered = await stack.client.data(RegisterDocument, { input: { ...CUSTOMER, firstName: 'Account', lastName: 'Owner' } });
    expect(registered.register.userErrors).toEqual([]);
    for (const kind of ['customer', 'staff'] as const) firstDevices.set(kind, (await signIn(kind, rightPassword(kind), HOME)).deviceToken!);
  });
  afterAll(async () => {
    await stack?.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function signIn(kind: Kind, password: string, ip: string, deviceToken?: string): Promise<Attempt> {
    const email = kind === 'customer' ? CUSTOMER.email : STAFF.email;
    const input = { email, password, ...(deviceToken !== undefined ? { deviceToken } : {}) };
    const headers = { 'x-forwarded-for': ip };
    if (kind === 'customer') {
      const response = await stack.client.request(LoginDocument, { input }, { headers });
      expect(response.errors).toBeUndefined();
      const login = response.data!.login;
      return { codes: login.userErrors.map((e) => e.code), signedIn: login.token !== null, deviceToken: login.deviceToken ?? null };
    }
    const response = await stack.client.request(StaffLoginDocument, { input }, { headers });
    expect(response.errors).toBeUndefined();
    const login = response.data!.staffLogin;
    return { codes: login.userErrors.map((e) => e.code), signedIn: login.token !== null, deviceToken: login.deviceToken ?? null };
  }
  const rightPassword = (kind: Kind) => (kind === 'customer' ? CUSTOMER.password : STAFF.password);

  it.each<Kind>(['customer', 'staff'])('gives each %s device its own budget: a guessing device locks only itself', async (kind) => {
    const laptop = (await signIn(kind, rightPassword(kind), HOME)).deviceToken;
    const phone = (await signIn(kind, rightPassword(kind), HOME)).deviceToken;
    // Whatever the account's state, a known device answers for its own failures only.
    for (let i = 0; i < ACCOUNT_BUDGET; i += 1)
      expect((await signIn(kind, 'wrong-password-1', HOME, laptop!)).codes).toEqual(['INVALID_CREDENTIALS']);
    expect(await signIn(kind, rightPassword(kind), HOME, laptop!)).toMatchObject({ codes: ['TOO_MANY_ATTEMPTS'], signedIn: false });
    expect(await signIn(kind, rightPassword(kind), HOME, phone!)).toMatchObject({ codes: [], signedIn: true });
  });

  it.each<Kind>(['customer', 'staff'])('keeps the %s owner signing in from a known device through 50 wrong passwords', async (kind) => {
    const home = await signIn(kind, rightPassword(kind), HOME);
    expect(home).toMatchObject({ codes: [], signedIn: true });
    const device = home.deviceToken!;
    expect(device).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    // The stranger: 50 wrong passwords from several addresses. The account's budget for unknown
    // clients is spent after five; every later guess is refused before its password is looked at.
    const guesses: string[] = [];
    for (let i = 0; i < 50; i += 1) guesses.push(...(await signIn(kind, `guess-${i}-password`, strangerIps(kind)[i % 5]!)).codes);
    expect(guesses.slice(0, ACCOUNT_BUDGET)).toEqual(Array(ACCOUNT_BUDGET).fill('INVALID_CREDENTIALS'));
    expect(guesses.slice(ACCOUNT_BUDGET)).toEqual(Array(50 - ACCOUNT_BUDGET).fill('TOO_MANY_ATTEMPTS'));

    // The owner, from the known device, at once: not locked out (from home, and from a stranger's address too).
    const again = await signIn(kind, rightPassword(kind), HOME, device);
    expect(again).toMatchObject({ codes: [], signedIn: true });
    expect(again.deviceToken).not.toBe(device);
    expect(await signIn(kind, rightPassword(kind), strangerIps(kind)[0]!, again.deviceToken!)).toMatchObject({ codes: [], signedIn: true });

    // The stranger stays throttled, even with the right password, from any address, with no or a wrong device token.
    const otherKind: Kind = kind === 'customer' ? 'staff' : 'customer';
    const foreign = firstDevices.get(otherKind)!;
    const forged = `${device.split('.')[0]}.${'A'.repeat(43)}`;
    for (const [ip, token] of [
      ['192.0.2.1', undefined],
      [HOME, undefined],
      ['192.0.2.2', 'not-a-device-token'],
      ['192.0.2.3', forged],
      ['192.0.2.4', foreign],
    ] as const) {
      expect(await signIn(kind, rightPassword(kind), ip, token)).toMatchObject({ codes: ['TOO_MANY_ATTEMPTS'], signedIn: false });
    }
  });
});
