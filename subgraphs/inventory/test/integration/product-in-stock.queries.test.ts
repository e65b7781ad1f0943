import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenSigner, generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StatementCounter, countStatements } from '@shopgraph/db';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { StockMovementKind, Warehouse } from '../../src/entities/index.js';
import { adjustStock } from '../../src/services/stock.service.js';

let database: TestDatabase;
let subgraph: StartedSubgraph;
let adminToken: string;
/** Every statement the subgraph sends: the ORM's and the prepared-statement helper's. */
let statements: StatementCounter;
const SERVICE_TOKEN = 'test-service-token-0123456789';

const IN_STOCK = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id inStock } } }`;

beforeAll(async () => {
  database = await freshDatabase('inventory_instock');
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', SERVICE_TOKEN });
  subgraph = await startSubgraph(definition, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey });
  statements = countStatements({ schema: 'inventory' });
  adminToken = (await new TokenSigner(keys.privateKey, config.JWT_ISSUER).sign('admin-1', { role: 'staff', staffRole: 'OWNER' }, 300))
    .token;
  const em = subgraph.runtime.orm.em.fork();
  const warehouse = em.create(Warehouse, { code: 'Q-1', name: 'Queries', country: 'VN', priority: 1 });
  const closed = em.create(Warehouse, { code: 'Q-0', name: 'Closed', country: 'VN', priority: 0, active: false });
  await em.flush();
  // Product p<i> has variants P<i>-A and P<i>-B; only even products have stock (in B).
  for (let i = 0; i < 60; i += 2) {
    const result = await adjustStock(subgraph.runtime.orm.em.fork(), {
      sku: `P${i}-B`,
      warehouseId: warehouse.id,
      quantityDelta: 3,
      kind: StockMovementKind.RECEIPT,
    });
    expect(result.userErrors).toEqual([]);
  }
  // Stock in an inactive warehouse never counts.
  for (const sku of ['P1-A', 'V-1']) {
    expect(
      (
        await adjustStock(subgraph.runtime.orm.em.fork(), {
          sku,
          warehouseId: closed.id,
          quantityDelta: 9,
          kind: StockMovementKind.RECEIPT,
        })
      ).userErrors,
    ).toEqual([]);
  }
  expect(
    (
      await adjustStock(subgraph.runtime.orm.em.fork(), {
        sku: 'V-1',
        warehouseId: warehouse.id,
        quantityDelta: 4,
        kind: StockMovementKind.RECEIPT,
      })
    ).userErrors,
  ).toEqual([]);
});
afterAll(async () => {
  statements?.stop();
  await subgraph?.stop();
  await database?.drop();
});

/** Products as the gateway sends them under `@requires(fields: "variants { sku }")`. */
const representations = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ __typename: 'Product', id: `p${i}`, variants: [{ sku: `P${i}-A` }, { sku: `P${i}-B` }] }));

/** Posts `query` and returns its data with the SQL statements it took. */
async function post<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ data: T; statements: string[] }> {
  statements.reset();
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  // The reservation expiry job runs on its own timer: its statements are no part of the request.
  return { data: body.data!, statements: statements.statements.map((s) => s.text).filter((text) => !/"reservation"/.test(text)) };
}

async function inStock(n: number): Promise<{ result: { id: string; inStock: boolean }[]; statements: string[] }> {
  const { data, statements } = await post<{ _entities: { id: string; inStock: boolean }[] }>(IN_STOCK, { reps: representations(n) });
  return { result: data._entities, statements };
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
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: IN_STOCK, variables: { reps: [{ __typename: 'Product', id: 'empty', variants: [] }] } }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({ _entities: [{ id: 'empty', inStock: false }] });
  });
});

const AVAILABILITY = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on ProductVariant { sku availability { available inStock warehouses { warehouse { code } onHand reserved safetyStock available } } } }
}`;
const BOTH = `query($variants: [_Any!]!, $products: [_Any!]!) {
  variants: _entities(representations: $variants) { ... on ProductVariant { availability { available } } }
  products: _entities(representations: $products) { ... on Product { inStock } }
}`;
const INTERNAL = `query($skus: [ID!]!) { internalAvailability(skus: $skus) { sku available } }`;
const variants = (skus: string[]) => skus.map((sku) => ({ __typename: 'ProductVariant', sku }));

/** Issue 7: availability reads cost one SQL statement per request, however many SKUs, and hydrate no entities. */
describe('availability in batches', () => {
  it('sums active warehouses only, with levels for admins and none for others', async () => {
    type Row = { sku: string; availability: { available: number; inStock: boolean; warehouses: unknown[] | null } };
    const skus = ['V-1', 'P1-A', 'P0-B', 'NOPE'];
    const anonymous = await post<{ _entities: Row[] }>(AVAILABILITY, { reps: variants(skus) });
    expect(anonymous.data._entities).toEqual([
      { sku: 'V-1', availability: { available: 4, inStock: true, warehouses: null } },
      { sku: 'P1-A', availability: { available: 0, inStock: false, warehouses: null } },
      { sku: 'P0-B', availability: { available: 3, inStock: true, warehouses: null } },
      { sku: 'NOPE', availability: { available: 0, inStock: false, warehouses: null } },
    ]);
    expect(anonymous.statements).toHaveLength(1);
    const admin = await post<{ _entities: Row[] }>(AVAILABILITY, { reps: variants(skus) }, { authorization: `Bearer ${adminToken}` });
    expect(admin.data._entities.map((r) => r.availability)).toEqual([
      { available: 4, inStock: true, warehouses: [{ warehouse: { code: 'Q-1' }, onHand: 4, reserved: 0, safetyStock: 0, available: 4 }] },
      { available: 0, inStock: false, warehouses: [] },
      { available: 3, inStock: true, warehouses: [{ warehouse: { code: 'Q-1' }, onHand: 3, reserved: 0, safetyStock: 0, available: 3 }] },
      { available: 0, inStock: false, warehouses: [] },
    ]);
    expect(admin.statements).toHaveLength(1);
  });

  it('reads variant availability and product inStock of one request with one statement', async () => {
    const both = await post<{ variants: unknown[]; products: { inStock: boolean }[] }>(BOTH, {
      variants: variants(['P2-B', 'P3-B', 'V-1']),
      products: representations(4),
    });
    expect(both.data).toEqual({
      variants: [{ availability: { available: 3 } }, { availability: { available: 0 } }, { availability: { available: 4 } }],
      products: [{ inStock: true }, { inStock: false }, { inStock: true }, { inStock: false }],
    });
    expect(both.statements).toHaveLength(1);
  });

  it('answers internalAvailability of 40 SKUs, repeats and unknown ones included, with one statement', async () => {
    const skus = [...Array.from({ length: 38 }, (_, i) => `P${i}-B`), 'V-1', 'P0-B'];
    const { data, statements } = await post<{ internalAvailability: { sku: string; available: number }[] }>(
      INTERNAL,
      { skus },
      { 'x-service-token': SERVICE_TOKEN, 'x-service-name': 'order' },
    );
    expect(data.internalAvailability).toEqual(
      skus.map((sku) => ({ sku, available: sku === 'V-1' ? 4 : /^P\d*[02468]-B$/.test(sku) ? 3 : 0 })),
    );
    expect(statements).toHaveLength(1);
  });
});
