import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { SignJWT, importPKCS8 } from 'jose';
import { generateKeyPairPem } from '@shopgraph/auth';
import type { SubgraphName } from '@shopgraph/config';
import { type EdgeSettings, type GatewayOptions, type RunningGateway, startGateway } from '@shopgraph/gateway';
import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { GraphQLTestClient, type TestStack, startStack } from '@shopgraph/testing';
import { MeDocument, OrderStatusChangedDocument, RegisterDocument } from '../../e2e/generated/graphql.js';
import { DEFINITIONS } from '../../scripts/src/definitions.js';
import { STACK_APPS } from '../../scripts/src/stack-apps.js';

/** What the subgraphs saw: `x-client-ip` of each catalog request, and fetches of the customer JWKS. */
const seen = { clientIps: [] as (string | undefined)[], jwksFetches: 0 };

/** The real subgraphs, with catalog and customer recording what reaches them from the gateway. */
const definitions: Record<SubgraphName, SubgraphDefinition> = {
  ...DEFINITIONS,
  catalog: {
    ...DEFINITIONS.catalog,
    routes(app, runtime) {
      app.use('/graphql', (req, _res, next) => {
        seen.clientIps.push(req.headers['x-client-ip'] as string | undefined);
        next();
      });
      DEFINITIONS.catalog.routes?.(app, runtime);
    },
  },
  customer: {
    ...DEFINITIONS.customer,
    routes(app, runtime) {
      app.use('/.well-known/jwks.json', (_req, _res, next) => {
        seen.jwksFetches++;
        next();
      });
      DEFINITIONS.customer.routes?.(app, runtime);
    },
  },
};

interface RawResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Posts raw GraphQL to a gateway, keeping the HTTP status and headers. */
async function post(
  url: string,
  query: string,
  options: { token?: string; ip?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.ip ? { 'x-forwarded-for': options.ip } : {}),
      ...options.headers,
    },
    body: options.body ?? JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as RawResponse['body'] };
}

const code = (response: RawResponse) => response.body.errors?.[0]?.extensions?.code;
const PRODUCTS = '{ products(first: 1) { edges { node { id } } } }';

/** Issue 4, gateway edge: rate limits, request limits, JWKS verification, client IPs. */
describe('gateway edge', () => {
  let stack: TestStack<EdgeSettings, RunningGateway>;
  const extra: RunningGateway[] = [];
  const customerToken = async (customerId = randomUUID()) =>
    (await stack.subgraphs.customer.runtime.signer!.sign(customerId, { role: 'customer' }, 600)).token;
  const guestToken = async () => (await stack.subgraphs.customer.runtime.signer!.sign(randomUUID(), { role: 'guest' }, 600)).token;

  beforeAll(async () => {
    stack = await startStack({ ...STACK_APPS, subgraphs: definitions }, { seed: false });
  });
  afterAll(async () => {
    for (const gateway of extra) await gateway.stop();
    await stack?.stop();
  });

  /** Another gateway over the same subgraphs, with other settings. */
  const gatewayWith = async (overrides: Partial<GatewayOptions>) => {
    const gateway = await startGateway({
      ...stack.gatewayOptions,
      ...overrides,
      edge: { ...stack.gatewayOptions.edge, ...overrides.edge },
    });
    extra.push(gateway);
    return gateway;
  };

  describe('rate limits', () => {
    let limited: RunningGateway;
    beforeAll(async () => {
      // The default customer budget (100 a minute); a small per-IP budget; X-Forwarded-For from
      // this (loopback) test client is trusted, so each test can be a different client address.
      limited = await gatewayWith({
        edge: { rateLimitPerCustomer: 100, rateLimitPerIp: 5, rateLimitWindowSeconds: 60, trustProxy: 'loopback' },
      });
    });

    it('refuses the 101st request of a customer within a minute with RATE_LIMITED and retry information; another customer is unaffected', async () => {
      const alice = await customerToken();
      const bob = await customerToken();
      for (let i = 1; i <= 100; i++) {
        const ok = await post(limited.url, '{ __typename }', { token: alice, ip: '198.51.100.1' });
        expect({ i, status: ok.status, errors: ok.body.errors }).toEqual({ i, status: 200, errors: undefined });
        expect(ok.headers.get('ratelimit-remaining')).toBe(String(100 - i));
      }
      const refused = await post(limited.url, '{ __typename }', { token: alice, ip: '198.51.100.1' });
      expect(refused.status).toBe(429);
      expect(code(refused)).toBe('RATE_LIMITED');
      const retryAfter = refused.body.errors![0]!.extensions!.retryAfterSeconds as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(Number(refused.headers.get('retry-after'))).toBe(retryAfter);
      expect(refused.headers.get('ratelimit-limit')).toBe('100');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      // Alice from another address is still Alice.
      expect(code(await post(limited.url, '{ __typename }', { token: alice, ip: '198.51.100.2' }))).toBe('RATE_LIMITED');

      // Bob, from the very same address, is not affected.
      const other = await post(limited.url, PRODUCTS, { token: bob, ip: '198.51.100.1' });
      expect(other.status).toBe(200);
      expect(other.body.errors).toBeUndefined();
      expect(other.headers.get('ratelimit-remaining')).toBe('99');
    });

    it('limits anonymous and guest callers per client IP', async () => {
      const ip = '203.0.113.7';
      for (let i = 0; i < 4; i++) expect((await post(limited.url, '{ __typename }', { ip })).status).toBe(200);
      // A guest token is free to obtain, so guests share their address's budget.
      expect((await post(limited.url, '{ __typename }', { ip, token: await guestToken() })).status).toBe(200);
      const refused = await post(limited.url, '{ __typename }', { ip });
      expect(refused.status).toBe(429);
      expect(code(refused)).toBe('RATE_LIMITED');
      expect(refused.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(code(await post(limited.url, '{ __typename }', { ip, token: await guestToken() }))).toBe('RATE_LIMITED');
      // Invalid credentials count against the address too (no free token guessing).
      expect(code(await post(limited.url, '{ __typename }', { ip, token: 'not-a-jwt' }))).toBe('RATE_LIMITED');

      expect((await post(limited.url, '{ __typename }', { ip: '203.0.113.8' })).status).toBe(200);
      // A signed-in customer at the exhausted address has a budget of its own.
      expect((await post(limited.url, '{ __typename }', { ip, token: await customerToken() })).status).toBe(200);
    });

    it('counts subscription connections and operations against the same budget', async () => {
      const carol = await customerToken();
      for (let i = 0; i < 99; i++) expect((await post(limited.url, '{ __typename }', { token: carol })).status).toBe(200);
      // The connection is the 100th request; the subscribe message the 101st.
      const client = new GraphQLTestClient(limited.url, limited.wsUrl);
      const subscription = client.subscribe(OrderStatusChangedDocument, { orderId: randomUUID() }, { token: carol });
      try {
        const failure = await subscription.next().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/Too many requests/),
            extensions: expect.objectContaining({ code: 'RATE_LIMITED' }),
          }),
        ]);
      } finally {
        await subscription.close();
      }
      // Out of budget, a new connection is refused outright, with the wait in its close reason.
      const again = client.subscribe(OrderStatusChangedDocument, { orderId: randomUUID() }, { token: carol });
      try {
        const closed = await again.next().then(
          () => undefined,
          (error: unknown) => error as { code?: number; reason?: string },
        );
        expect(closed).toMatchObject({ code: 4429, reason: expect.stringMatching(/retry in \d+ s/) });
      } finally {
        await again.close();
      }
    });
  });

  describe('request limits', () => {
    it('refuses too deep queries, too many aliases, too many directives and too many tokens', async () => {
      let deep = 'id';
      for (let i = 0; i < 10; i++) deep = `product { variants { ${deep} } }`;
      const tooDeep = await post(stack.gateway.url, `{ products(first: 1) { edges { node { variants { ${deep} } } } } }`);
      expect(tooDeep.status).toBe(400);
      expect(code(tooDeep)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(tooDeep.body.errors![0]!.message).toMatch(/depth limit of 12 exceeded/i);

      const aliases = Array.from({ length: 16 }, (_, i) => `p${i}: products(first: 1) { edges { node { id } } }`).join(' ');
      const tooManyAliases = await post(stack.gateway.url, `{ ${aliases} }`);
      expect(code(tooManyAliases)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(tooManyAliases.body.errors![0]!.message).toMatch(/aliases limit of 15 exceeded/i);

      const tooManyDirectives = await post(stack.gateway.url, `{ __typename ${'@skip(if: false) '.repeat(51)} }`);
      expect(tooManyDirectives.body.errors![0]!.message).toMatch(/directives limit of 50 exceeded/i);

      const tooManyTokens = await post(stack.gateway.url, `{ ${'__typename '.repeat(2001)} }`);
      expect(tooManyTokens.status).toBe(400);
      expect(code(tooManyTokens)).toBe('GRAPHQL_PARSE_FAILED');
      expect(tooManyTokens.body.errors![0]!.message).toMatch(/more tha[nt] 2000 tokens/);

      // Within the limits the same kind of query is served.
      const fine = await post(stack.gateway.url, `{ products(first: 1) { edges { node { variants { product { variants { sku } } } } } } }`);
      expect(fine.body.errors).toBeUndefined();
    });

    it('applies the same limits to operations sent over graphql-ws', async () => {
      let deep = 'id';
      for (let i = 0; i < 10; i++) deep = `product { variants { ${deep} } }`;
      const document = parse(
        `subscription { orderStatusChanged(orderId: "${randomUUID()}") { order { items { ${deep} } } } }`,
      ) as TypedDocumentNode<unknown, Record<string, never>>;
      const subscription = stack.client.subscribe(document, {}, { token: await customerToken() });
      try {
        const failure = await subscription.next().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/depth limit of 12 exceeded/i),
            extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
          }),
          // Ten nested lists of variants also cost far more than the limit.
          expect.objectContaining({
            message: expect.stringMatching(/above the limit of 10000/),
            extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
          }),
        ]);
      } finally {
        await subscription.close();
      }
    });

    it('refuses an oversized body with 413 and a JSON error', async () => {
      const padding = 'x'.repeat(300 * 1024);
      const response = await post(stack.gateway.url, '', { body: JSON.stringify({ query: '{ __typename }', variables: { padding } }) });
      expect(response.status).toBe(413);
      expect(code(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors![0]!.message).toMatch(/larger than 256kb/);
      const small = await post(stack.gateway.url, '', {
        body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1024) } }),
      });
      expect(small.status).toBe(200);
    });

    it('turns introspection off in production and allows only the configured CORS origins', async () => {
      expect((await post(stack.gateway.url, '{ __schema { queryType { name } } }')).body.data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      const production = await gatewayWith({ production: true, corsOrigins: 'https://shop.example' });
      const introspection = await post(production.url, '{ __schema { queryType { name } } }');
      expect(introspection.body.data).toBeUndefined();
      expect(introspection.body.errors![0]!.message).toMatch(/introspection is not allowed/i);

      const preflight = (origin: string) =>
        fetch(production.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      const allowed = await preflight('https://shop.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(allowed.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('access tokens through the JWKS', () => {
    it('accepts a token signed by the customer service, verified against the JWKS fetched from it', async () => {
      expect(stack.gatewayOptions.keys).toMatchObject({ kind: 'jwks', url: expect.stringContaining('/.well-known/jwks.json') });
      const registered = await stack.client.data(RegisterDocument, {
        input: { email: 'edge.jwks@example.com', password: 'gateway-pass-42', firstName: 'Edge', lastName: 'Jwks' },
      });
      const token = registered.register.token!.accessToken;
      // A fresh gateway has no keys yet: its first signed-in request fetches them.
      const fresh = await gatewayWith({});
      const before = seen.jwksFetches;
      const me = await new GraphQLTestClient(fresh.url, fresh.wsUrl).data(MeDocument, undefined, { token });
      expect(me.me?.email).toBe('edge.jwks@example.com');
      expect(seen.jwksFetches).toBe(before + 1);
      // Cached from then on.
      await new GraphQLTestClient(fresh.url, fresh.wsUrl).data(MeDocument, undefined, { token });
      expect(seen.jwksFetches).toBe(before + 1);
    });

    it('rejects a token signed with an unknown key with UNAUTHENTICATED, after looking for a rotated key', async () => {
      const fresh = await gatewayWith({
        keys: { ...(stack.gatewayOptions.keys as { kind: 'jwks'; url: string; cacheMaxAgeSeconds: number }), cooldownSeconds: 0 },
      });
      const valid = await customerToken();
      expect((await post(fresh.url, '{ __typename }', { token: valid })).body.errors).toBeUndefined();
      const before = seen.jwksFetches;

      const foreign = await importPKCS8(generateKeyPairPem().privateKey, 'ES256');
      const forge = (kid: string) =>
        new SignJWT({ role: 'customer' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setSubject(randomUUID())
          .setIssuer('shopgraph')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(foreign);

      const unknownKid = await post(fresh.url, '{ __typename }', { token: await forge('rotated-elsewhere') });
      expect(code(unknownKid)).toBe('UNAUTHENTICATED');
      expect(seen.jwksFetches).toBe(before + 1);

      const sameKidWrongKey = await post(fresh.url, '{ __typename }', { token: await forge('shopgraph-1') });
      expect(code(sameKidWrongKey)).toBe('UNAUTHENTICATED');
    });
  });

  it('answers 503 (not UNAUTHENTICATED) while the key set cannot be fetched', async () => {
    const blind = await gatewayWith({
      keys: { kind: 'jwks', url: 'http://127.0.0.1:1/.well-known/jwks.json', cacheMaxAgeSeconds: 600, cooldownSeconds: 0 },
    });
    const response = await post(blind.url, '{ __typename }', { token: await customerToken() });
    expect(response.status).toBe(503);
    expect(code(response)).toBe('INTERNAL_SERVER_ERROR');
    // Anonymous callers need no keys.
    expect((await post(blind.url, '{ __typename }')).status).toBe(200);
  });

  describe('client IP', () => {
    it('forwards the client IP to subgraphs as x-client-ip, trusting X-Forwarded-For only from configured proxies', async () => {
      seen.clientIps.length = 0;
      // The stack's gateway trusts no proxy: the socket peer is the client, and neither
      // X-Forwarded-For nor a client's own x-client-ip is believed.
      const direct = await post(stack.gateway.url, PRODUCTS, { headers: { 'x-forwarded-for': '192.0.2.55', 'x-client-ip': '192.0.2.66' } });
      expect(direct.body.errors).toBeUndefined();
      expect(seen.clientIps).toEqual(['127.0.0.1']);

      seen.clientIps.length = 0;
      const behindProxy = await gatewayWith({ edge: { trustProxy: 'loopback' } });
      const proxied = await post(behindProxy.url, PRODUCTS, { headers: { 'x-forwarded-for': '192.0.2.10, 192.0.2.55' } });
      expect(proxied.body.errors).toBeUndefined();
      // Only the loopback peer is trusted, so the client is the address it reported: the last entry.
      expect(seen.clientIps).toEqual(['192.0.2.55']);
    });
  });
});
