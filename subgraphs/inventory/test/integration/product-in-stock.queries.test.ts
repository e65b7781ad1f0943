import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { StockMovementKind, Warehouse } from '../../src/entities/index.js';
import { adjustStock } from '../../src/services/stock.service.js';

let database: TestDatabase;
let subgraph: StartedSubgraph;
const queries: string[] = [];

const IN_STOCK = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id inStock } } }`;

beforeAll(async () => {
  database = await freshDatabase('inventory_instock');
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
  subgraph = await startSubgraph(definition, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey, onQuery: (sql) => queries.push(sql) });
  const em = subgraph.runtime.orm.em.fork();
  const warehouse = em.create(Warehouse, { code: 'Q-1', name: 'Queries', country: 'VN', priority: 1 });
  await em.flush();
  // Product p<i> has variants P<i>-A and P<i>-B; only even products have stock (in B).
  for (let i = 0; i < 60; i += 2) {
    const result = await adjustStock(subgraph.runtime.orm.em.fork(), { sku: `P${i}-B`, warehouseId: warehouse.id, quantityDelta: 3, kind: StockMovementKind.RECEIPT });
    expect(result.userErrors).toEqual([]);
  }
});
afterAll(async () => {
  await subgraph?.stop();
  await database?.drop();
});

/** Products as the gateway sends them under `@requires(fields: "variants { sku }")`. */
const representations = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ __typename: 'Product', id: `p${i}`, variants: [{ sku: `P${i}-A` }, { sku: `P${i}-B` }] }));

async function inStock(n: number): Promise<{ result: { id: string; inStock: boolean }[]; statements: string[] }> {
  queries.length = 0;
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: IN_STOCK, variables: { reps: representations(n) } }),
  });
  const body = (await response.json()) as { data?: { _entities: { id: string; inStock: boolean }[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { result: body.data!._entities, statements: queries.filter((q) => /\b(select|insert|update|delete)\b/i.test(q)) };
}

/** Issue 5: `Product.inStock` is resolved for a whole batch of products with one SQL query. */
describe('Product.inStock in batches', () => {
  it('answers from the provided SKUs, true with stock in any variant and false without', async () => {
    const { result } = await inStock(6);
    expect(result).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ id: `p${i}`, inStock: i % 2 === 0 })));
  });

  it('uses one SQL query whether 3 or 60 products are asked for', async () => {
    const few = await inStock(3);
    const many = await inStock(60);
    expect(few.statements).toHaveLength(1);
    expect(many.statements).toHaveLength(1);
    expect(many.result.filter((p) => p.inStock)).toHaveLength(30);
  });

  it('is false for a product without variants', async () => {
    queries.length = 0;
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: IN_STOCK, variables: { reps: [{ __typename: 'Product', id: 'empty', variants: [] }] } }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({ _entities: [{ id: 'empty', inStock: false }] });
  });
});
