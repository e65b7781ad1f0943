import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { SUBGRAPH_NAMES } from '@shopgraph/config';
import { type RunningGateway, startGateway } from '@shopgraph/gateway';
import { createLogger } from '@shopgraph/observability';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';

/** Issue 20: the gateway serves /metrics with bounded labels and writes one access line per request. */
describe('gateway metrics and access log', () => {
  let gateway: RunningGateway;
  let database: TestDatabase;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await freshDatabase('gateway-metrics');
    const keys = generateKeyPairPem();
    gateway = await startGateway({
      port: 0,
      supergraph: { kind: 'file', path: resolve(process.cwd(), 'schema/supergraph.graphql') },
      // `{ __typename }` is answered by the gateway itself: no subgraph is needed.
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 'http://127.0.0.1:1/graphql'])) as never,
      databaseUrl: database.url,
      keys: { kind: 'static', publicKey: keys.publicKey },
      issuer: 'shopgraph',
      production: false,
      corsOrigins: '*',
      logger: createLogger('gateway-metrics-test', 'info', { write: (line: string) => void lines.push(JSON.parse(line)) }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await database?.drop();
  });

  const post = (query: string, requestId: string, operationName?: string) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query, operationName }),
    });

  it('labels known operations by name and every invented one as "other", and serves /metrics', async () => {
    const invented = `Invented${Date.now().toString(36)}`;
    expect((await post(`query ${invented} { __typename }`, 'req-invented')).status).toBe(200);
    expect((await post('query ProductListing { __typename }', 'req-known')).status).toBe(200);
    const response = await fetch(gateway.url.replace('/graphql', '/metrics'));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(invented);
    expect(text).toMatch(/graphql_requests_total\{[^}]*operation="other"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/graphql_requests_total\{[^}]*operation="ProductListing"[^}]*\} [1-9]/);
    expect(text).toMatch(/graphql_ws_connections\{[^}]*\} 0/);
  });

  it('writes one access line per request with operation, outcome, status, duration, caller and request id', async () => {
    const before = lines.length;
    await post('query ProductListing { __typename }', 'req-access-1');
    await post('query ProductListing { nope }', 'req-access-2', 'ProductListing');
    const access = lines.slice(before).filter((line) => line.msg === 'access');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      operation: 'ProductListing',
      outcome: 'ok',
      httpStatus: 200,
      caller: 'anonymous',
      requestId: 'req-access-1',
    });
    expect(access[1]).toMatchObject({
      operation: 'ProductListing',
      outcome: 'error',
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
      requestId: 'req-access-2',
    });
    expect(typeof access[0]!.durationMs).toBe('number');
  });
});
