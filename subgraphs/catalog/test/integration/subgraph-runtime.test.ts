import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition as catalog } from '../../src/definition.js';

/** A subgraph process's platform duties: migrate at start, seed idempotently, health and metrics, batching. */
describe('subgraph runtime', () => {
  let database: TestDatabase;
  let running: StartedSubgraph;
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const start = () => startSubgraph(catalog, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey });

  beforeAll(async () => {
    database = await freshDatabase('runtime');
    running = await start();
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  it('runs the committed migrations into its own schema and records them', async () => {
    const rows = await running.runtime.orm.em.fork().execute<{ name: string }[]>('select name from catalog.mikro_orm_migrations');
    expect(rows.map((r) => r.name)).toEqual(catalog.migrations.map((m) => m.name));
    const tables = await running.runtime.orm.em
      .fork()
      .execute<{ table_name: string }[]>(
        `select table_name from information_schema.tables where table_schema = 'catalog' order by table_name`,
      );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['category', 'product', 'product_variant']));
  });

  it('seeds demo data once, however often it starts', async () => {
    const count = async () =>
      (await running.runtime.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from catalog.product'))[0]!.n;
    const before = await count();
    expect(Number(before)).toBeGreaterThanOrEqual(24);
    const second = await start();
    await second.stop();
    expect(await count()).toBe(before);
  });

  it('serves liveness, readiness and Prometheus metrics', async () => {
    const base = running.url.replace('/graphql', '');
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', database: true });
    await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ categories { id } }' }),
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/graphql_requests_total\{[^}]*outcome="ok"[^}]*\} [1-9]/);
  });

  it('answers GraphQL in compact JSON (no pretty-printing whitespace)', async () => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ categories { id name } }' }),
    });
    const text = await response.text();
    expect(JSON.parse(text).data.categories.length).toBeGreaterThan(0);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
  });

  it("marks answers uncacheable as Apollo's cache-control plugin did, and counts them in /metrics", async () => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ProductListing { categories { id } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    await response.text();
    const metrics = await (await fetch(running.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/graphql_requests_total\{[^}]*operation="ProductListing",outcome="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/graphql_request_duration_seconds_count\{[^}]*operation="ProductListing"[^}]*\} [1-9]/);
  });

  it('propagates the request id and resolves entity references in one batch', async () => {
    const queries: string[] = [];
    const counting = await startSubgraph(catalog, {
      config,
      port: 0,
      databaseUrl: database.url,
      publicKey: keys.publicKey,
      onQuery: (sql) => queries.push(sql),
    });
    try {
      const ids = (
        await counting.runtime.orm.em.fork().execute<{ id: string }[]>('select id from catalog.product order by name limit 10')
      ).map((r) => r.id);
      queries.length = 0;
      const response = await fetch(counting.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-123' },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } } }',
          variables: { r: ids.map((id) => ({ __typename: 'Product', id })) },
        }),
      });
      expect(response.headers.get('x-request-id')).toBe('req-123');
      const body = (await response.json()) as { data: { _entities: { id: string }[] } };
      expect(body.data._entities.map((e) => e.id)).toEqual(ids);
      expect(queries.filter((q) => /select/i.test(q) && q.includes('"product"'))).toHaveLength(1);
    } finally {
      await counting.stop();
    }
  });
});
