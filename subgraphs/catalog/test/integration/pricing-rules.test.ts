import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CatalogHarness, startCatalog } from './harness.js';

interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  totalCount: number;
}
interface Tier {
  sku: string | null;
  minQuantity: number;
  discountBasisPoints: number;
}

const PAGE = 'pageInfo { hasNextPage hasPreviousPage endCursor } totalCount';
const QUERIES = {
  currencyRates: `query($first: Int, $after: String, $currency: CurrencyCode) { currencyRates(first: $first, after: $after, currency: $currency) { edges { cursor node { currency rate effectiveFrom } } ${PAGE} } }`,
  quantityTiers: `query($first: Int, $after: String, $sku: ID) { quantityTiers(first: $first, after: $after, sku: $sku) { edges { cursor node { sku minQuantity discountBasisPoints } } ${PAGE} } }`,
  warehouseMarkups: `query($first: Int, $after: String) { warehouseMarkups(first: $first, after: $after) { edges { cursor node { warehouseId kind value } } ${PAGE} } }`,
  listPrices: `query($first: Int, $after: String, $sku: ID, $currency: CurrencyCode) { listPrices(first: $first, after: $after, sku: $sku, currency: $currency) { edges { cursor node { sku currency price { amountMinor currencyCode } } } ${PAGE} } }`,
} as const;
type RuleQuery = keyof typeof QUERIES;

/** Issue 16: every pricing rule an admin mutation sets can be read back by an admin, and only by an admin. */
describe('pricing rule queries', () => {
  let h: CatalogHarness;
  let skus: string[];

  const read = async <N>(name: RuleQuery, variables: Record<string, unknown> = {}): Promise<Connection<N>> => {
    const r = await h.gql<Record<string, Connection<N>>>(QUERIES[name], variables, 'admin');
    expect(r.errors).toBeUndefined();
    return r.data[name]!;
  };
  const nodes = async <N>(name: RuleQuery, variables: Record<string, unknown> = {}) =>
    (await read<N>(name, { first: 100, ...variables })).edges.map((e) => e.node);
  /** Every node of a list, one page of `first` at a time, checking the paging information on the way. */
  const walk = async <N>(name: RuleQuery, first: number, variables: Record<string, unknown> = {}): Promise<N[]> => {
    const all: N[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Connection<N> = await read<N>(name, { ...variables, first, ...(after ? { after } : {}) });
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      all.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return all;
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
    }
  };
  const mutate = async (mutation: string, input: Record<string, unknown>) => {
    const r = await h.gql<Record<string, { userErrors: unknown[] }>>(
      `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { userErrors { code message } } }`,
      { input },
      'admin',
    );
    expect(r.errors).toBeUndefined();
    expect(r.data[mutation]!.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    h = await startCatalog('pricing_rules');
    const rows = await h.running.runtime.orm.em
      .fork()
      .execute<{ sku: string }[]>('select sku from catalog.product_variant order by sku limit 3');
    skus = rows.map((r) => r.sku);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('reads back the exchange rates setCurrencyRate recorded, newest first per currency, with the history', async () => {
    const seeded = await nodes<{ currency: string; rate: string; effectiveFrom: string }>('currencyRates', { currency: 'USD' });
    // The demo rate, as the seed wrote it.
    expect(seeded).toEqual([{ currency: 'USD', rate: '0.0000393', effectiveFrom: '2026-01-01T00:00:00.000Z' }]);
    await mutate('setCurrencyRate', { currency: 'USD', rate: '0.0000401', effectiveFrom: '2026-06-01T00:00:00.000Z' });
    await mutate('setCurrencyRate', { currency: 'USD', rate: '0.0000402', effectiveFrom: '2026-09-01T00:00:00.000Z' });
    const usd = await nodes<{ currency: string; rate: string; effectiveFrom: string }>('currencyRates', { currency: 'USD' });
    expect(usd.map((r) => [r.rate, r.effectiveFrom])).toEqual([
      ['0.0000402', '2026-09-01T00:00:00.000Z'],
      ['0.0000401', '2026-06-01T00:00:00.000Z'],
      [seeded[0]!.rate, seeded[0]!.effectiveFrom],
    ]);
    // All currencies, page by page: the same rows as one big page, in currency order.
    const everything = await nodes<{ currency: string }>('currencyRates');
    expect(await walk('currencyRates', 2)).toEqual(everything);
    expect(everything.map((r) => r.currency)).toEqual([...everything.map((r) => r.currency)].sort());
  });

  it('reads back quantity tiers: those for every SKU first, then per SKU, across page boundaries', async () => {
    await mutate('setQuantityTier', { sku: skus[1], minQuantity: 3, discountBasisPoints: 250 });
    await mutate('setQuantityTier', { sku: skus[0], minQuantity: 20, discountBasisPoints: 1500 });
    await mutate('setQuantityTier', { sku: skus[0], minQuantity: 4, discountBasisPoints: 300 });
    await mutate('setQuantityTier', { sku: null, minQuantity: 50, discountBasisPoints: 2000 });
    expect(await nodes<Tier>('quantityTiers', { sku: skus[0] })).toEqual([
      { sku: skus[0], minQuantity: 4, discountBasisPoints: 300 },
      { sku: skus[0], minQuantity: 20, discountBasisPoints: 1500 },
    ]);
    const all = await nodes<Tier>('quantityTiers');
    const global = all.filter((t) => t.sku === null);
    // The demo tiers (5+ and 10+ for every SKU) and the one set above, before any SKU's.
    expect(global.map((t) => [t.minQuantity, t.discountBasisPoints])).toEqual([
      [5, 500],
      [10, 1000],
      [50, 2000],
    ]);
    expect(all.slice(0, global.length)).toEqual(global);
    expect(all.slice(global.length)).toEqual([
      { sku: skus[0], minQuantity: 4, discountBasisPoints: 300 },
      { sku: skus[0], minQuantity: 20, discountBasisPoints: 1500 },
      { sku: skus[1], minQuantity: 3, discountBasisPoints: 250 },
    ]);
    // One at a time, the cursor crosses from the tiers for every SKU (null) to the per-SKU ones.
    expect(await walk<Tier>('quantityTiers', 1)).toEqual(all);
    expect((await read('quantityTiers', { first: 2 })).totalCount).toBe(6);
  });

  it('reads back warehouse markups, page by page in warehouse id order', async () => {
    const set = [
      { warehouseId: randomUUID(), kind: 'FIXED', value: '1234' },
      { warehouseId: randomUUID(), kind: 'PERCENT', value: '750' },
      { warehouseId: randomUUID(), kind: 'FIXED', value: '0' },
    ];
    for (const markup of set) await mutate('setWarehouseMarkup', markup);
    // Setting again replaces the markup.
    await mutate('setWarehouseMarkup', { ...set[2]!, value: '99' });
    const expected = [set[0], set[1], { ...set[2]!, value: '99' }].sort((a, b) => a!.warehouseId.localeCompare(b!.warehouseId));
    expect(await walk('warehouseMarkups', 2)).toEqual(expected);
    expect((await read('warehouseMarkups', { first: 1 })).totalCount).toBe(3);
  });

  it('reads back list prices by SKU and currency, without the base prices', async () => {
    await mutate('setVariantPrice', { sku: skus[0], currency: 'EUR', amountMinor: '999' });
    await mutate('setVariantPrice', { sku: skus[0], currency: 'USD', amountMinor: '1099' });
    await mutate('setVariantPrice', { sku: skus[1], currency: 'USD', amountMinor: '2500' });
    await mutate('setVariantPrice', { sku: skus[2], currency: 'VND', amountMinor: '123000' });
    await mutate('setVariantPrice', { sku: skus[1], currency: 'GBP', amountMinor: '700' });
    await mutate('setVariantPrice', { sku: skus[1], currency: 'GBP', amountMinor: null });
    const price = (sku: string, currency: string, amountMinor: string) => ({
      sku,
      currency,
      price: { amountMinor, currencyCode: currency },
    });
    expect(await walk('listPrices', 1)).toEqual([
      price(skus[0]!, 'EUR', '999'),
      price(skus[0]!, 'USD', '1099'),
      price(skus[1]!, 'USD', '2500'),
    ]);
    expect(await nodes('listPrices', { currency: 'USD' })).toEqual([price(skus[0]!, 'USD', '1099'), price(skus[1]!, 'USD', '2500')]);
    expect(await nodes('listPrices', { sku: skus[1] })).toEqual([price(skus[1]!, 'USD', '2500')]);
  });

  it('serves these queries to admins only', async () => {
    for (const name of Object.keys(QUERIES) as RuleQuery[]) {
      const customer = await h.gql<Record<string, unknown>>(QUERIES[name], { first: 1 }, 'customer');
      const anonymous = await h.gql<Record<string, unknown>>(QUERIES[name], { first: 1 });
      expect({ name, customer: customer.errors?.[0]?.extensions?.code, anonymous: anonymous.errors?.[0]?.extensions?.code }).toEqual({
        name,
        customer: 'FORBIDDEN',
        anonymous: 'UNAUTHENTICATED',
      });
      expect(customer.data).toBeNull();
    }
  });

  it('refuses a malformed cursor and an oversized page as bad input', async () => {
    for (const name of Object.keys(QUERIES) as RuleQuery[]) {
      for (const variables of [
        { after: 'bm90IGEgY3Vyc29y' },
        { after: Buffer.from('{"w":1,"s":1,"c":1,"q":"x"}').toString('base64url') },
        { first: 101 },
      ]) {
        const r = await h.gql(QUERIES[name], variables, 'admin');
        expect({ name, variables, code: r.errors?.[0]?.extensions?.code }).toEqual({ name, variables, code: 'BAD_USER_INPUT' });
      }
    }
  });
});
