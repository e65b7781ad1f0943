import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, SIGN_IN_FIELDS, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${SIGN_IN_FIELDS} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${SIGN_IN_FIELDS} } }`;
const REFRESH = `mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { token { accessToken } refreshToken userErrors { code field } } }`;
const LOGIN_THROTTLED = `mutation($input: LoginInput!) { login(input: $input) { ${SIGN_IN_FIELDS} retryAfterSeconds } }`;
const LOGOUT = `mutation($input: RefreshTokenInput!) { logout(input: $input) { revoked userErrors { code } } }`;
const ME = '{ me { id email } }';

/** Issue 4, item 1: registration, sign-in, refresh token rotation with reuse detection, sign-out, throttling. */
describe('customer sessions', () => {
  let subgraph: CustomerSubgraph;

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const refresh = async (refreshToken: string) => (await subgraph.call(REFRESH, { input: { refreshToken } })).data!.refreshToken;

  it('registers with a normalized email and refuses the same email again, whatever its case', async () => {
    const first = await subgraph.call(REGISTER, {
      input: { email: '  Ana.Nguyen@Example.COM ', password: 'sunny-day-2026', firstName: 'Ana', lastName: 'Nguyen' },
    });
    expect(first.data!.register.userErrors).toEqual([]);
    expect(first.data!.register.customer.email).toBe('ana.nguyen@example.com');
    const me = await subgraph.call(ME, {}, { token: first.data!.register.token.accessToken });
    expect(me.data!.me).toEqual({ id: first.data!.register.customer.id, email: 'ana.nguyen@example.com' });

    const again = await subgraph.call(REGISTER, {
      input: { email: 'ANA.NGUYEN@example.com', password: 'other-pass-2026', firstName: 'A', lastName: 'N' },
    });
    expect(again.data!.register).toMatchObject({
      customer: null,
      token: null,
      refreshToken: null,
      userErrors: [{ code: 'EMAIL_TAKEN', field: ['input', 'email'] }],
    });
  });

  it('enforces the password policy and email shape with field paths', async () => {
    const res = await subgraph.call(REGISTER, {
      input: { email: 'not-an-email', password: 'short', firstName: ' ', lastName: 'X'.repeat(101) },
    });
    const errors = res.data!.register.userErrors as { code: string; field: string[] }[];
    expect(res.data!.register.customer).toBeNull();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'email'] }),
        expect.objectContaining({ code: 'WEAK_PASSWORD', field: ['input', 'password'] }),
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'firstName'] }),
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'lastName'] }),
      ]),
    );
    const lettersOnly = await subgraph.call(REGISTER, {
      input: { email: 'policy@example.com', password: 'onlyletterslong', firstName: 'P', lastName: 'Q' },
    });
    expect(lettersOnly.data!.register.userErrors).toEqual([expect.objectContaining({ code: 'WEAK_PASSWORD' })]);
  });

  it('round trip: register, login, refresh (rotating), logout revokes the session', async () => {
    await registerCustomer(subgraph, 'roundtrip@example.com', 'round-trip-77');
    const login = (await subgraph.call(LOGIN, { input: { email: 'RoundTrip@example.com', password: 'round-trip-77' } })).data!.login;
    expect(login.userErrors).toEqual([]);
    expect(login.refreshToken).toEqual(expect.any(String));

    const rotated = await refresh(login.refreshToken);
    expect(rotated.userErrors).toEqual([]);
    expect(rotated.refreshToken).not.toBe(login.refreshToken);
    const me = await subgraph.call(ME, {}, { token: rotated.token.accessToken });
    expect(me.data!.me.email).toBe('roundtrip@example.com');

    const out = await subgraph.call(LOGOUT, { input: { refreshToken: rotated.refreshToken } });
    expect(out.data!.logout).toEqual({ revoked: true, userErrors: [] });
    expect((await refresh(rotated.refreshToken)).userErrors).toEqual([{ code: 'INVALID_REFRESH_TOKEN', field: ['input', 'refreshToken'] }]);
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const { refreshToken } = await registerCustomer(subgraph, 'hashed@example.com');
    const rows = await subgraph.running.runtime.orm.em
      .fork()
      .execute<{ token_hash: string }[]>('select token_hash from customer.refresh_token');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(refreshToken);
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a reused refresh token revokes the whole family and fails', async () => {
    const { refreshToken: first } = await registerCustomer(subgraph, 'reuse@example.com');
    const second = await refresh(first);
    expect(second.userErrors).toEqual([]);

    const replay = await refresh(first);
    expect(replay).toMatchObject({ token: null, refreshToken: null, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });
    // The legitimate holder's newer token died with the family.
    expect((await refresh(second.refreshToken)).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_REFRESH_TOKEN' })]);

    // Other sign-ins of the same account are separate families and live on.
    const other = (await subgraph.call(LOGIN, { input: { email: 'reuse@example.com', password: 'correct-horse-42' } })).data!.login;
    expect((await refresh(other.refreshToken)).userErrors).toEqual([]);
  });

  it('parallel use of one refresh token yields at most one new token', async () => {
    const { refreshToken } = await registerCustomer(subgraph, 'parallel@example.com');
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(refreshToken)));
    expect(results.filter((r) => r.userErrors.length === 0).length).toBeLessThanOrEqual(1);
  });

  it('rejects unknown refresh tokens and logout with them', async () => {
    expect((await refresh('not-a-token')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_REFRESH_TOKEN' })]);
    const out = await subgraph.call(LOGOUT, { input: { refreshToken: 'not-a-token' } });
    expect(out.data!.logout).toEqual({ revoked: false, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });
  });

  it('locks an email after 5 failures in the window, even with the right password; an unknown email gets the same answers', async () => {
    await registerCustomer(subgraph, 'throttle@example.com', 'right-password-1');
    const attempt = async (email: string, password: string) =>
      (await subgraph.call(LOGIN_THROTTLED, { input: { email, password } }, { ip: '198.51.100.1' })).data!.login;
    for (let i = 0; i < 5; i += 1)
      expect((await attempt('throttle@example.com', 'wrong-password-1')).userErrors.map((e: { code: string }) => e.code)).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    const locked = await attempt('throttle@example.com', 'right-password-1');
    expect(locked).toMatchObject({ token: null, customer: null, userErrors: [{ code: 'TOO_MANY_ATTEMPTS' }] });
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);

    for (let i = 0; i < 5; i += 1)
      expect((await attempt('nobody@example.com', 'whatever-123')).userErrors.map((e: { code: string }) => e.code)).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    const unknown = await attempt('nobody@example.com', 'whatever-123');
    expect(unknown.userErrors).toEqual([
      { ...locked.userErrors[0], message: expect.stringMatching(/^Too many failed sign-in attempts; try again in \d+ seconds$/) },
    ]);
    expect(unknown.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('parallel wrong guesses are all counted: exactly 5 get through to a password check', async () => {
    await registerCustomer(subgraph, 'parallel-guess@example.com', 'right-password-3');
    const results = await Promise.all(
      Array.from(
        { length: 12 },
        async () =>
          (
            await subgraph.call(
              LOGIN,
              { input: { email: 'parallel-guess@example.com', password: 'wrong-guess-3' } },
              { ip: '198.51.100.2' },
            )
          ).data!.login.userErrors[0].code as string,
      ),
    );
    expect(results.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(results.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(7);
  });

  it('a successful sign-in resets the failure count', async () => {
    await registerCustomer(subgraph, 'reset@example.com', 'right-password-2');
    const attempt = async (password: string) =>
      (await subgraph.call(LOGIN, { input: { email: 'reset@example.com', password } }, { ip: '198.51.100.3' })).data!.login.userErrors.map(
        (e: { code: string }) => e.code,
      );
    for (let i = 0; i < 4; i += 1) await attempt('wrong-password-2');
    expect(await attempt('right-password-2')).toEqual([]);
    for (let i = 0; i < 4; i += 1) await attempt('wrong-password-2');
    expect(await attempt('right-password-2')).toEqual([]);
  });
});
