import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@shopgraph/observability';
import { type CustomerSubgraph, startCustomerSubgraph } from './subgraph-client.js';

const PASSWORD = 'Secret-Passw0rd-XYZ';
const CARD_NUMBER = '4111111111111111';

/** Issue 4: passwords, tokens and card data never reach the logs or error messages. */
describe('log hygiene', () => {
  let subgraph: CustomerSubgraph;
  const captured: string[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => captured.push(chunk.toString('utf8')));
    subgraph = await startCustomerSubgraph({ logger: createLogger('customer', 'trace', stream) });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it('logs sign-in and token events and failures without passwords, tokens or card data', async () => {
    const responses: unknown[] = [];
    const call = async (query: string, variables: Record<string, unknown>, auth?: { token?: string }) => {
      const res = await subgraph.call(query, variables, auth);
      responses.push(res);
      return res;
    };
    const registered = await call(
      'mutation($input: RegisterInput!) { register(input: $input) { token { accessToken } refreshToken customer { id } userErrors { code } } }',
      { input: { email: 'logs@example.com', password: PASSWORD, firstName: 'Log', lastName: 'Reader' } },
    );
    const { accessToken } = registered.data!.register.token;
    const refreshToken: string = registered.data!.register.refreshToken;
    const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { userErrors { code } } }';
    for (let i = 0; i < 6; i += 1) await call(LOGIN, { input: { email: 'logs@example.com', password: `${PASSWORD}-wrong` } });
    await call('mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { userErrors { code } } }', { input: { refreshToken } });
    await call('mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { userErrors { code } } }', { input: { refreshToken } });
    await call(
      'mutation($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { userErrors { code message } } }',
      { input: { providerToken: CARD_NUMBER, brand: 'VISA', last4: '1111', expiryMonth: 1, expiryYear: 2031 } },
      { token: accessToken },
    );
    await call('{ me { id } }', {}, { token: `${accessToken}tampered` });

    const logs = captured.join('');
    expect(logs).toMatch(/refresh token reuse/);
    expect(logs).toMatch(/sign-in throttled/);
    const everything = logs + JSON.stringify(responses.slice(1));
    for (const secret of [PASSWORD, refreshToken, accessToken, CARD_NUMBER, accessToken.split('.')[2]!]) {
      expect(everything).not.toContain(secret);
    }
    expect(logs).not.toMatch(/scrypt\$/);
  });
});
