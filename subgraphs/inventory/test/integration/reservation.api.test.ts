import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenSigner, generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { Warehouse } from '../../src/entities/index.js';

let database: TestDatabase;
let subgraph: StartedSubgraph;
let adminToken: string;
let warehouseId: string;
const SERVICE_TOKEN = 'test-service-token-0123456789';

type Gql = { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };

async function call(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Gql> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Gql;
}
const asService = { 'x-service-token': SERVICE_TOKEN, 'x-service-name': 'order' };
const asAdmin = () => ({ authorization: `Bearer ${adminToken}` });

beforeAll(async () => {
  // Read once by the subgraph's config: sweep often so the background expiry test stays short.
  process.env.INVENTORY_EXPIRY_INTERVAL_SECONDS = '0.2';
  database = await freshDatabase('inventory_api');
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', SERVICE_TOKEN });
  subgraph = await startSubgraph(definition, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey });
  adminToken = (await new TokenSigner(keys.privateKey, config.JWT_ISSUER).sign('admin-1', { role: 'staff', staffRole: 'OWNER' }, 300))
    .token;
  const em = subgraph.runtime.orm.em.fork();
  const warehouse = em.create(Warehouse, { code: 'API-1', name: 'Api', country: 'VN', priority: 1 });
  await em.flush();
  warehouseId = warehouse.id;
});
afterAll(async () => {
  await subgraph.stop();
  await database.drop();
});

const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { onHand available } userErrors { code } } }`;
const RESERVE = `mutation($input: ReserveStockInput!) {
  reserveStock(input: $input) { reservation { id status expiresAt lines { sku quantity warehouseId } } shortLines { sku requested available } userErrors { code } }
}`;
const CONFIRM = `mutation($input: SettleReservationInput!) { confirmReservation(input: $input) { reservation { status } userErrors { code } } }`;
const AVAILABILITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ProductVariant { availability { available warehouses { onHand reserved } } } } }`;

describe('inventory API', () => {
  it('lets only admins adjust stock', async () => {
    const input = { sku: 'API-SKU', warehouseId, quantityDelta: 5, kind: 'RECEIPT', reason: 'delivery' };
    expect((await call(ADJUST, { input }, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await call(ADJUST, { input }, asService)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await call(ADJUST, { input }, asAdmin());
    expect(ok.data!.adjustStock).toEqual({ stockLevel: { onHand: 5, available: 5 }, userErrors: [] });
  });

  it('reserves for services only, with the configured default TTL, and reports short lines', async () => {
    const input = { owner: 'session-1', idempotencyKey: 'api-1', lines: [{ sku: 'API-SKU', quantity: 2 }] };
    expect((await call(RESERVE, { input }, asAdmin())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const before = Date.now();
    const ok = (await call(RESERVE, { input }, asService)).data!.reserveStock;
    expect(ok.userErrors).toEqual([]);
    expect(ok.reservation.lines).toEqual([{ sku: 'API-SKU', quantity: 2, warehouseId }]);
    const ttl = new Date(ok.reservation.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThan(910_000);
    const short = (
      await call(RESERVE, { input: { ...input, idempotencyKey: 'api-2', lines: [{ sku: 'API-SKU', quantity: 4 }] } }, asService)
    ).data!.reserveStock;
    expect(short).toEqual({
      reservation: null,
      shortLines: [{ sku: 'API-SKU', requested: 4, available: 3 }],
      userErrors: [{ code: 'INSUFFICIENT_STOCK' }],
    });
    const confirmed = await call(CONFIRM, { input: { reservationId: ok.reservation.id } }, asService);
    expect(confirmed.data!.confirmReservation).toEqual({ reservation: { status: 'CONFIRMED' }, userErrors: [] });
  });

  it('shows the per-warehouse breakdown to admins only', async () => {
    const reps = [{ __typename: 'ProductVariant', sku: 'API-SKU' }];
    const admin = await call(AVAILABILITY, { reps }, asAdmin());
    expect(admin.data!._entities).toEqual([{ availability: { available: 3, warehouses: [{ onHand: 3, reserved: 0 }] } }]);
    const service = await call(AVAILABILITY, { reps }, asService);
    expect(service.data!._entities).toEqual([{ availability: { available: 3, warehouses: null } }]);
  });

  it('lists reservations for admins', async () => {
    const list = await call(`{ reservations(first: 10) { totalCount edges { node { owner status } } } }`, {}, asAdmin());
    expect(list.data!.reservations).toEqual({ totalCount: 1, edges: [{ node: { owner: 'session-1', status: 'CONFIRMED' } }] });
  });

  it('expires reservations in the background once their TTL has passed', async () => {
    const input = { owner: 'session-2', idempotencyKey: 'api-ttl', ttlSeconds: 1, lines: [{ sku: 'API-SKU', quantity: 3 }] };
    const held = (await call(RESERVE, { input }, asService)).data!.reserveStock;
    expect(held.userErrors).toEqual([]);
    const reps = [{ __typename: 'ProductVariant', sku: 'API-SKU' }];
    expect((await call(AVAILABILITY, { reps }, asService)).data!._entities).toEqual([{ availability: { available: 0, warehouses: null } }]);
    const deadline = Date.now() + 10_000;
    let status = 'ACTIVE';
    while (status === 'ACTIVE' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const list = await call(`{ reservations(first: 1, status: EXPIRED) { edges { node { id } } } }`, {}, asAdmin());
      if (list.data!.reservations.edges.length) status = 'EXPIRED';
    }
    expect(status).toBe('EXPIRED');
    expect((await call(AVAILABILITY, { reps }, asService)).data!._entities).toEqual([{ availability: { available: 3, warehouses: null } }]);
  });
});
