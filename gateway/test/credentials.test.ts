import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, importPKCS8 } from 'jose';
import { type KeyPairPem, generateKeyPairPem } from '@shopgraph/auth';
import { SUBGRAPH_NAMES, commonEnv, loadConfig } from '@shopgraph/config';
import { TELEMETRY_SWITCH, type RunningGateway, startGateway } from '@shopgraph/gateway';
import { createLogger } from '@shopgraph/observability';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition as review } from '@shopgraph/review/definition';

const ISSUER = 'shopgraph';
const SERVICE_TOKEN = 'credentials-test-service-token';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a token like the customer subgraph does, with the claims and key a case needs. */
async function sign(
  privateKeyPem: string,
  options: { expiresAt?: number; issuer?: string; role?: string; kid?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: options.role ?? 'customer' })
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'shopgraph-1' })
    .setSubject('c-1')
    .setIssuer(options.issuer ?? ISSUER)
    .setIssuedAt(now - 7200)
    .setExpirationTime(options.expiresAt ?? now + 600)
    .sign(await importPKCS8(privateKeyPem, 'ES256'));
}

/** Every kind of bad `Authorization` header, with the reason a client must get for it. */
async function badHeaders(keys: KeyPairPem): Promise<{ kind: string; authorization: string; reason: string }[]> {
  const valid = await sign(keys.privateKey);
  const [, payload] = valid.split('.');
  return [
    {
      kind: 'expired',
      authorization: `Bearer ${await sign(keys.privateKey, { expiresAt: Math.floor(Date.now() / 1000) - 60 })}`,
      reason: 'TOKEN_EXPIRED',
    },
    { kind: 'alg none', authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, reason: 'TOKEN_INVALID' },
    { kind: 'wrong key', authorization: `Bearer ${await sign(generateKeyPairPem().privateKey)}`, reason: 'TOKEN_INVALID' },
    {
      kind: 'expired and wrong key',
      authorization: `Bearer ${await sign(generateKeyPairPem().privateKey, { expiresAt: 1 })}`,
      reason: 'TOKEN_INVALID',
    },
    {
      kind: 'tampered payload',
      authorization: `Bearer ${valid.replace(payload!, b64({ role: 'staff', staffRole: 'OWNER', sub: 'c-1', iss: ISSUER, exp: 4102444800 }))}`,
      reason: 'TOKEN_INVALID',
    },
    { kind: 'foreign issuer', authorization: `Bearer ${await sign(keys.privateKey, { issuer: 'elsewhere' })}`, reason: 'TOKEN_INVALID' },
    { kind: 'unknown role', authorization: `Bearer ${await sign(keys.privateKey, { role: 'root' })}`, reason: 'TOKEN_INVALID' },
    { kind: 'garbage', authorization: 'Bearer not-a-jwt', reason: 'TOKEN_INVALID' },
    { kind: 'empty bearer', authorization: 'Bearer', reason: 'TOKEN_INVALID' },
    {
      kind: 'basic',
      authorization: `Basic ${Buffer.from('demo@shopgraph.dev:demo-password-1').toString('base64')}`,
      reason: 'UNSUPPORTED_SCHEME',
    },
    { kind: 'other scheme', authorization: 'Token abc', reason: 'UNSUPPORTED_SCHEME' },
  ];
}

interface Answer {
  status: number;
  challenge: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as Answer['body'] };
}

/** Issue 16: a refused credential is HTTP 401 with UNAUTHENTICATED and an actionable reason, at the gateway and at a subgraph, in production too. */
describe('refused credentials', () => {
  const keys = generateKeyPairPem();
  let database: TestDatabase;
  const gateways: Record<string, RunningGateway> = {};
  const subgraphs: Record<string, StartedSubgraph> = {};
  let cases: Awaited<ReturnType<typeof badHeaders>>;

  beforeAll(async () => {
    delete process.env[TELEMETRY_SWITCH];
    database = await freshDatabase('credentials');
    cases = await badHeaders(keys);
    const logger = createLogger('credentials-test', 'silent');
    for (const production of [false, true]) {
      const mode = production ? 'production' : 'development';
      // Nothing here reaches a subgraph: refused credentials and `{ __typename }` are answered by the gateway.
      gateways[mode] = await startGateway({
        port: 0,
        supergraph: { kind: 'file', path: resolve(process.cwd(), 'schema/supergraph.graphql') },
        subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 'http://127.0.0.1:1/graphql'])) as never,
        databaseUrl: database.url,
        keys: { kind: 'static', publicKey: keys.publicKey },
        issuer: ISSUER,
        production,
        corsOrigins: '*',
        logger,
      });
      const config = loadConfig(commonEnv, {
        NODE_ENV: production ? 'production' : 'test',
        LOG_LEVEL: 'silent',
        SEED_DEMO_DATA: 'false',
        SERVICE_TOKEN,
      });
      subgraphs[mode] = await startSubgraph(review, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey, logger });
    }
  });
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) await gateway.stop();
    for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
    await database?.drop();
  });

  const targets = () => [
    ...Object.entries(gateways).map(([mode, g]) => ({ name: `gateway (${mode})`, url: g.url, production: mode === 'production' })),
    ...Object.entries(subgraphs).map(([mode, s]) => ({ name: `review subgraph (${mode})`, url: s.url, production: mode === 'production' })),
  ];

  it('answers every bad authorization header with 401, UNAUTHENTICATED, its reason and a Bearer challenge', async () => {
    const seen: unknown[] = [];
    const expected: unknown[] = [];
    for (const target of targets()) {
      for (const c of cases) {
        const answer = await post(target.url, { authorization: c.authorization });
        const error = answer.body.errors?.[0];
        seen.push({
          target: target.name,
          kind: c.kind,
          status: answer.status,
          code: error?.extensions?.code,
          reason: error?.extensions?.reason,
          challenge: answer.challenge,
          data: answer.body.data,
        });
        expected.push({
          target: target.name,
          kind: c.kind,
          status: 401,
          code: 'UNAUTHENTICATED',
          reason: c.reason,
          // RFC 6750 §3.1: another scheme gets the bare challenge, a bad bearer token `invalid_token`.
          challenge:
            c.reason === 'UNSUPPORTED_SCHEME'
              ? 'Bearer'
              : expect.stringMatching(/^Bearer error="invalid_token", error_description="[^"]+"$/),
          data: undefined,
        });
        if (target.production) expect(error?.extensions?.stacktrace).toBeUndefined();
        // Apollo Server's transport hint never reaches the client.
        expect(error?.extensions?.http).toBeUndefined();
      }
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a wrong service token at the subgraph with 401 too', async () => {
    for (const subgraph of Object.values(subgraphs)) {
      const answer = await post(subgraph.url, { 'x-service-token': `${SERVICE_TOKEN}-forged`, 'x-service-name': 'order' });
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    }
  });

  it('still serves a valid token, the service token and anonymous callers', async () => {
    const token = await sign(keys.privateKey);
    for (const target of targets()) {
      for (const headers of [{ authorization: `Bearer ${token}` }, { authorization: `bearer  ${token} ` }, {}] as Record<
        string,
        string
      >[]) {
        const answer = await post(target.url, headers);
        expect({ target: target.name, status: answer.status, body: answer.body }).toEqual({
          target: target.name,
          status: 200,
          body: { data: { __typename: 'Query' } },
        });
      }
    }
    for (const subgraph of Object.values(subgraphs)) {
      expect((await post(subgraph.url, { 'x-service-token': SERVICE_TOKEN, 'x-service-name': 'order' })).status).toBe(200);
    }
  });

  it('sets APOLLO_TELEMETRY_DISABLED itself, so @apollo/gateway starts no usage-data exporter', () => {
    // Deleted before the gateways above were started: only startGateway can have set it.
    expect(process.env[TELEMETRY_SWITCH]).toBe('true');
  });
});
