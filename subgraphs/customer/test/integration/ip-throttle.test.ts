import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { definition } from '../../src/definition.js';
import { type CustomerSubgraph, SIGN_IN_FIELDS, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${SIGN_IN_FIELDS} retryAfterSeconds } }`;
/** LOGIN_MAX_FAILURES_PER_IP's default. */
const IP_BUDGET = 20;

type Login = {
  token: unknown;
  customer: unknown;
  retryAfterSeconds: number | null;
  userErrors: { code: string; field: string[]; message: string }[];
};

/** Issue 4: failed sign-ins are throttled per IP address across accounts (credential stuffing). */
describe('per-IP login throttling', () => {
  let subgraph: CustomerSubgraph;

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    await registerCustomer(subgraph, 'victim@example.com', 'sesame-open-42');
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const login = async (email: string, password: string, ip: string, via = subgraph.running.url): Promise<Login> => {
    const response = await fetch(via, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-ip': ip },
      body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
    });
    return ((await response.json()) as { data: { login: Login } }).data.login;
  };
  const codes = (l: Login) => l.userErrors.map((e) => e.code);

  it('after 20 failures from one IP across many emails, that IP is refused even with right credentials; other IPs are not', async () => {
    const ip = '203.0.113.10';
    for (let i = 0; i < IP_BUDGET; i += 1)
      expect(codes(await login(`stuffed-${i}@example.com`, 'leaked-password-1', ip))).toEqual(['INVALID_CREDENTIALS']);

    const refused = await login('victim@example.com', 'sesame-open-42', ip);
    expect(refused).toMatchObject({ token: null, customer: null, userErrors: [{ code: 'TOO_MANY_ATTEMPTS', field: ['input'] }] });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(refused.userErrors[0]!.message).toBe(`Too many failed sign-in attempts; try again in ${refused.retryAfterSeconds} seconds`);

    // The same answer for an email nobody has: the refusal says nothing about which accounts exist.
    const unknown = await login('never-registered@example.com', 'leaked-password-1', ip);
    expect(codes(unknown)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(unknown.userErrors[0]!.message).toMatch(/^Too many failed sign-in attempts; try again in \d+ seconds$/);

    const elsewhere = await login('victim@example.com', 'sesame-open-42', '203.0.113.11');
    expect(elsewhere.userErrors).toEqual([]);
    expect(elsewhere.customer).toEqual(expect.objectContaining({ email: 'victim@example.com' }));
  });

  it('30 parallel failed attempts from one IP on distinct emails: exactly 20 are checked, 10 refused', async () => {
    const ip = '203.0.113.20';
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(`parallel-stuffed-${i}@example.com`, 'leaked-password-2', ip)),
    );
    expect(results.filter((r) => codes(r)[0] === 'INVALID_CREDENTIALS')).toHaveLength(IP_BUDGET);
    expect(results.filter((r) => codes(r)[0] === 'TOO_MANY_ATTEMPTS')).toHaveLength(30 - IP_BUDGET);
  });

  it('successful sign-ins do not use up the IP budget', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < IP_BUDGET + 5; i += 1) expect((await login('victim@example.com', 'sesame-open-42', ip)).userErrors).toEqual([]);
    expect(codes(await login('someone@example.com', 'leaked-password-3', ip))).toEqual(['INVALID_CREDENTIALS']);
  });

  it('without x-client-ip the socket address is the key', async () => {
    const direct = async (email: string, password: string): Promise<Login> => {
      const response = await fetch(subgraph.running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
      });
      return ((await response.json()) as { data: { login: Login } }).data.login;
    };
    for (let i = 0; i < IP_BUDGET; i += 1)
      expect(codes(await direct(`socket-${i}@example.com`, 'leaked-password-4'))).toEqual(['INVALID_CREDENTIALS']);
    expect(codes(await direct('victim@example.com', 'sesame-open-42'))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect((await login('victim@example.com', 'sesame-open-42', '203.0.113.40')).userErrors).toEqual([]);
    const rows = await subgraph.running.runtime.orm.em.fork().execute<{ key: string }[]>('select key from customer.login_throttle');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^(ip|account):[0-9a-f]{64}$/.test(r.key))).toBe(true);
  });

  it('the counters live in PostgreSQL: a second customer instance on the same database refuses the same IP', async () => {
    const keys = generateKeyPairPem();
    let second: StartedSubgraph | undefined;
    try {
      second = await startSubgraph(definition, {
        config: subgraph.config,
        port: 0,
        databaseUrl: subgraph.database.url,
        publicKey: keys.publicKey,
        privateKey: keys.privateKey,
      });
      expect(codes(await login('victim@example.com', 'sesame-open-42', '203.0.113.10', second.url))).toEqual(['TOO_MANY_ATTEMPTS']);
      expect((await login('victim@example.com', 'sesame-open-42', '203.0.113.12', second.url)).userErrors).toEqual([]);
    } finally {
      await second?.stop();
    }
  });
});
