import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { divRoundHalfUp } from '@shopgraph/money';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { definition as catalog } from '@shopgraph/catalog/definition';
import { type CatalogHarness, startCatalog } from './harness.js';

interface Quote {
  shippingOptions: { code: string; price: { amountMinor: string } }[];
  taxLines: { ratePercent: string; inclusive: boolean }[];
}
const QUOTE = `query($input: CheckoutQuoteInput!) { internalCheckoutQuote(input: $input) {
  shippingOptions { code price { amountMinor } } taxLines { ratePercent inclusive } } }`;

/** The order subgraph's hot calls and the listing: few queries, and cached tables that follow every change at once. */
describe('catalog hot paths', () => {
  let h: CatalogHarness;
  let b: StartedSubgraph;
  let light: string;

  const post = async <T>(url: string, query: string, variables: Record<string, unknown> = {}) => {
    const headers = { 'content-type': 'application/json', 'x-service-token': h.running.runtime.config.SERVICE_TOKEN };
    return (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as {
      data: T;
      errors?: { extensions?: { code?: string } }[];
    };
  };
  const quoteGb = async (url: string) => {
    const r = await post<{ internalCheckoutQuote: Quote }>(url, QUOTE, {
      input: { currency: 'GBP', destination: { countryCode: 'GB' }, lines: [{ key: 'l', sku: light, quantity: 1, amountMinor: '1000' }] },
    });
    return r;
  };
  const admin = async (mutation: string) => {
    const r = await h.gql<Record<string, { userErrors: unknown[] }>>(mutation, {}, 'admin');
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data)[0]!.userErrors).toEqual([]);
  };
  const standard = (q: Quote) => q.shippingOptions.find((o) => o.code === 'STANDARD')?.price.amountMinor;

  beforeAll(async () => {
    h = await startCatalog('hot_paths');
    // A second instance on the same database, as behind a load balancer: it learns of changes only from the database.
    const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    b = await startSubgraph(catalog, { config, port: 0, databaseUrl: h.database.url, publicKey: generateKeyPairPem().publicKey });
    const [row] = await h.running.runtime.orm.em
      .fork()
      .execute<{ sku: string }[]>('select sku from catalog.product_variant where weight_grams < 1000 order by sku limit 1');
    light = row!.sku;
  });
  afterAll(async () => {
    await b?.stop();
    await h?.stop();
  });

  it('quotes from cached shipping and tax tables with one SQL query, and quotes every committed change at once on every instance', async () => {
    for (const url of [h.running.url, b.url]) expect((await quoteGb(url)).errors).toBeUndefined();
    h.queries.length = 0;
    const warm = await quoteGb(h.running.url);
    expect(warm.errors).toBeUndefined();
    expect(h.queries).toHaveLength(1);
    expect(h.queries[0]).toContain('"pricing_version"');
    expect(warm.data.internalCheckoutQuote.taxLines[0]).toEqual({ ratePercent: '20', inclusive: true });

    await admin(
      `mutation { setTaxRate(input: { countryCode: "GB", category: STANDARD, ratePercent: "25", inclusive: true }) { userErrors { code } } }`,
    );
    expect((await quoteGb(b.url)).data.internalCheckoutQuote.taxLines[0]!.ratePercent).toBe('25');

    await admin(
      `mutation { setShippingRate(input: { methodCode: "STANDARD", zoneCode: "EUROPE", minWeightGrams: 0, maxWeightGrams: 1000, priceMinor: "400000" }) { userErrors { code } } }`,
    );
    expect(standard((await quoteGb(b.url)).data.internalCheckoutQuote)).toBe(String(divRoundHalfUp(400_000n * 302n * 100n, 10_000_000n)));

    await admin(`mutation { setCurrencyRate(input: { currency: GBP, rate: "0.0000604" }) { userErrors { code } } }`);
    expect(standard((await quoteGb(b.url)).data.internalCheckoutQuote)).toBe(String(divRoundHalfUp(400_000n * 604n * 100n, 10_000_000n)));

    await admin(
      `mutation { setShippingMethod(input: { code: "EXPRESS", name: "Express delivery", estimatedDaysMin: 1, estimatedDaysMax: 3, active: false }) { userErrors { code } } }`,
    );
    expect((await quoteGb(b.url)).data.internalCheckoutQuote.shippingOptions.map((o) => o.code)).toEqual(['STANDARD']);

    await admin(
      `mutation { setShippingZone(input: { code: "EUROPE", name: "Europe", countryCodes: ["DE", "FR"] }) { userErrors { code } } }`,
    );
    expect((await quoteGb(b.url)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await quoteGb(h.running.url)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers internalVariants with product and category in one SQL query', async () => {
    const [row] = await h.running.runtime.orm.em
      .fork()
      .execute<{ sku: string; category_id: string }[]>(
        'select v.sku, p.category_id from catalog.product_variant v join catalog.product p on p.id = v.product_id order by v.sku limit 1',
      );
    h.queries.length = 0;
    const r = await post<{ internalVariants: { sku: string; product: { category: { id: string } } }[] }>(
      h.running.url,
      `query($skus: [ID!]!) { internalVariants(skus: $skus) { sku name product { id name status category { id } } basePrice { amountMinor currencyCode } } }`,
      { skus: [row!.sku] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.internalVariants[0]!.product.category.id).toBe(row!.category_id);
    expect(h.queries).toHaveLength(1);
  });

  it('lists a page of 20 products with variants and cached prices in two SQL queries', async () => {
    const LISTING = `{ products(first: 20) { edges { node { id name slug variants { sku price(currency: USD) { unitPrice { amount currencyCode } } } } } } }`;
    const first = await h.gql<{ products: { edges: unknown[] } }>(LISTING);
    expect(first.errors).toBeUndefined();
    expect(first.data.products.edges).toHaveLength(20);
    h.queries.length = 0;
    const again = await h.gql(LISTING);
    expect(again).toEqual(first);
    // The page with its products, then the variants of all of them; prices come from the cache.
    expect(h.queries).toHaveLength(2);
  });
});
