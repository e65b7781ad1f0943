import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { definition as catalog } from '@shopgraph/catalog/definition';
import { randomUUID } from 'node:crypto';
import { priceCacheOf, pricesThroughCache, syncPriceCache } from '../../src/services/cached-pricing.service.js';
import { PriceCache } from '../../src/services/price-cache.js';
import { setVariantPrice } from '../../src/services/pricing-admin.service.js';
import { type CatalogHarness, startCatalog } from './harness.js';

const PRICE_QUERY = `query($sku: ID!, $currency: CurrencyCode, $warehouseId: ID) { productVariant(sku: $sku) { price(currency: $currency, warehouseId: $warehouseId) { unitPrice { amountMinor } } } }`;
const LINES_QUERY = `query($input: PriceLinesInput!) { internalPriceLines(input: $input) { sku price { unitPrice { amountMinor } } } }`;

/** The price cache: cache-aside for display, never stale for checkout, invalidated across instances. */
describe('catalog price cache', () => {
  let a: CatalogHarness;
  let b: StartedSubgraph;
  let skus: string[];

  const post = async <T>(url: string, query: string, variables: Record<string, unknown>, service = false): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (service) headers['x-service-token'] = a.running.runtime.config.SERVICE_TOKEN;
    const r = (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as {
      data: T;
      errors?: unknown;
    };
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  const publicPrice = async (url: string, sku: string, currency = 'VND', warehouseId?: string) =>
    (await post<{ productVariant: { price: { unitPrice: { amountMinor: string } } } }>(url, PRICE_QUERY, { sku, currency, warehouseId }))
      .productVariant.price.unitPrice.amountMinor;
  const checkoutPrice = async (url: string, sku: string, currency = 'VND') =>
    (
      await post<{ internalPriceLines: { price: { unitPrice: { amountMinor: string } } }[] }>(
        url,
        LINES_QUERY,
        { input: { currency, lines: [{ sku, quantity: 1 }] } },
        true,
      )
    ).internalPriceLines[0]!.price.unitPrice.amountMinor;
  const setPrice = (sku: string, amountMinor: string, currency = 'VND') =>
    a.gql(
      `mutation($input: SetVariantPriceInput!) { setVariantPrice(input: $input) { userErrors { code } } }`,
      { input: { sku, currency, amountMinor } },
      'admin',
    );
  const lookups = async (url: string) => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    const count = (result: string) => {
      const line = text.split('\n').find((l) => l.startsWith('catalog_price_cache_lookups_total{') && l.includes(`result="${result}"`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    return { hit: count('hit'), miss: count('miss') };
  };
  const waitFor = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    a = await startCatalog('price_cache');
    // A second catalog instance on the same database, as behind a load balancer.
    const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    b = await startSubgraph(catalog, { config, port: 0, databaseUrl: a.database.url, publicKey: generateKeyPairPem().publicKey });
    const rows = await a.running.runtime.orm.em
      .fork()
      .execute<{ sku: string }[]>('select sku from catalog.product_variant order by sku limit 10');
    skus = rows.map((r) => r.sku);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('answers a repeated read from the cache and counts hits and misses on /metrics', async () => {
    const before = await lookups(a.running.url);
    const first = await publicPrice(a.running.url, skus[0]!, 'USD');
    expect(await publicPrice(a.running.url, skus[0]!, 'USD')).toBe(first);
    const after = await lookups(a.running.url);
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    a.queries.length = 0;
    await publicPrice(a.running.url, skus[0]!, 'USD');
    expect(a.queries.filter((q) => q.includes('"product_variant"') && q.includes('base_price_minor'))).toEqual([]);
  });

  it('shows a new price on the next read and to checkout at once, on every instance', async () => {
    const sku = skus[1]!;
    for (const url of [a.running.url, b.url]) {
      await publicPrice(url, sku);
      await checkoutPrice(url, sku);
    }
    expect((await setPrice(sku, '424242')).errors).toBeUndefined();
    // The instance that made the change, and checkout pricing anywhere, see it immediately.
    expect(await publicPrice(a.running.url, sku)).toBe('424242');
    expect(await checkoutPrice(a.running.url, sku)).toBe('424242');
    expect(await checkoutPrice(b.url, sku)).toBe('424242');
    // The other instance's display cache follows the NOTIFY.
    await waitFor(async () => (await publicPrice(b.url, sku)) === '424242');
  });

  it('drops cached prices when a rate, a markup or a tier changes', async () => {
    const sku = skus[2]!;
    const warehouseId = randomUUID();
    const usd = await publicPrice(a.running.url, sku, 'USD');
    await a.gql(`mutation { setCurrencyRate(input: { currency: USD, rate: "0.00008" }) { userErrors { code } } }`, {}, 'admin');
    const doubled = await publicPrice(a.running.url, sku, 'USD');
    expect(doubled).not.toBe(usd);
    expect(await checkoutPrice(b.url, sku, 'USD')).toBe(doubled);

    const plain = await publicPrice(a.running.url, sku, 'VND', warehouseId);
    await a.gql(
      `mutation { setWarehouseMarkup(input: { warehouseId: "${warehouseId}", kind: FIXED, value: "1000" }) { userErrors { code } } }`,
      {},
      'admin',
    );
    expect(BigInt(await publicPrice(a.running.url, sku, 'VND', warehouseId))).toBe(BigInt(plain) + 1000n);

    await a.gql(
      `mutation { setQuantityTier(input: { sku: "${sku}", minQuantity: 2, discountBasisPoints: 5000 }) { userErrors { code } } }`,
      {},
      'admin',
    );
    const two = await post<{ internalPriceLines: { price: { unitPrice: { amountMinor: string } } }[] }>(
      b.url,
      LINES_QUERY,
      { input: { currency: 'VND', lines: [{ sku, quantity: 2 }] } },
      true,
    );
    expect(BigInt(two.internalPriceLines[0]!.price.unitPrice.amountMinor)).toBeLessThan(BigInt(plain));
  });

  it('keeps serving display prices from a cache that has not heard of a change, but never to the fresh path', async () => {
    // A cache with no listener stands for an instance whose notification has not arrived yet.
    const cache = new PriceCache();
    const em = () => a.running.runtime.orm.em.fork();
    await syncPriceCache(em(), cache);
    const sku = skus[3]!;
    const line = [{ sku, quantity: 1 }];
    const base = a.running.runtime.config.BASE_CURRENCY;
    const old = (await pricesThroughCache(em(), cache, base, 'VND', line, { fresh: false }))[0]!.unitPrice.amountMinor;
    expect((await setVariantPrice(em(), base, { sku, currency: 'VND', amountMinor: old + 1n })).errors).toEqual([]);

    expect((await pricesThroughCache(em(), cache, base, 'VND', line, { fresh: false }))[0]!.unitPrice.amountMinor).toBe(old);
    expect((await pricesThroughCache(em(), cache, base, 'VND', line, { fresh: true }))[0]!.unitPrice.amountMinor).toBe(old + 1n);
    expect((await pricesThroughCache(em(), cache, base, 'VND', line, { fresh: false }))[0]!.unitPrice.amountMinor).toBe(old + 1n);

    // A fresh read of cached prices costs one query: the pricing version.
    a.queries.length = 0;
    await pricesThroughCache(em(), cache, base, 'VND', line, { fresh: true });
    expect(a.queries).toHaveLength(1);
    expect(a.queries[0]).toContain('pricing_version');
    expect(priceCacheOf(a.running.runtime)).not.toBe(cache);
  });
});
