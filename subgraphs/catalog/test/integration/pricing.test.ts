import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { divRoundHalfUp } from '@shopgraph/money';
import { type CatalogHarness, startCatalog } from './harness.js';

interface Price {
  unitPrice: { amountMinor: string; currencyCode: string };
  lineTotal: { amountMinor: string; amount: string };
  adjustments: { kind: string; amount: { amountMinor: string } }[];
}
const PRICE = 'unitPrice { amountMinor currencyCode } lineTotal { amountMinor amount } adjustments { kind amount { amountMinor } }';

/** Prices through the public field and the internal batch query, on the seeded demo catalog (rates USD 0.0000393, EUR 0.0000365; tiers 5+ −5%, 10+ −10%). */
describe('catalog pricing', () => {
  let h: CatalogHarness;
  let skus: { sku: string; base: bigint }[];

  const priceOf = async (sku: string, args: string): Promise<Price> => {
    const r = await h.gql<{ productVariant: { price: Price } }>(
      `query($sku: ID!) { productVariant(sku: $sku) { price${args ? `(${args})` : ''} { ${PRICE} } } }`,
      { sku },
    );
    expect(r.errors).toBeUndefined();
    return r.data.productVariant.price;
  };
  const usd = (vnd: bigint) => divRoundHalfUp(vnd * 393n * 100n, 10_000_000n);

  beforeAll(async () => {
    h = await startCatalog('pricing');
    const rows = await h.running.runtime.orm.em
      .fork()
      .execute<{ sku: string; base_price_minor: string }[]>(
        'select sku, base_price_minor from catalog.product_variant order by sku limit 60',
      );
    skus = rows.map((r) => ({ sku: r.sku, base: BigInt(r.base_price_minor) }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('prices a variant per currency: VND as is, USD and EUR converted and rounded to their minor units', async () => {
    const { sku, base } = skus[0]!;
    expect((await priceOf(sku, '')).unitPrice).toEqual({ amountMinor: String(base), currencyCode: 'VND' });
    expect((await priceOf(sku, 'currency: USD')).unitPrice).toEqual({ amountMinor: String(usd(base)), currencyCode: 'USD' });
    expect((await priceOf(sku, 'currency: EUR')).unitPrice.amountMinor).toBe(String(divRoundHalfUp(base * 365n * 100n, 10_000_000n)));
  });

  it('applies quantity tiers from their minimum and totals unit × quantity exactly', async () => {
    const { sku, base } = skus[1]!;
    const four = await priceOf(sku, 'currency: USD, quantity: 4');
    const five = await priceOf(sku, 'currency: USD, quantity: 5');
    const ten = await priceOf(sku, 'currency: USD, quantity: 10');
    const unit = usd(base);
    expect(four.unitPrice.amountMinor).toBe(String(unit));
    expect(five.unitPrice.amountMinor).toBe(String(unit - divRoundHalfUp(unit * 500n, 10_000n)));
    expect(ten.unitPrice.amountMinor).toBe(String(unit - divRoundHalfUp(unit * 1000n, 10_000n)));
    expect(five.lineTotal.amountMinor).toBe(String(BigInt(five.unitPrice.amountMinor) * 5n));
    expect(five.adjustments.map((a) => a.kind)).toEqual(['CONVERSION', 'QUANTITY_TIER']);
  });

  it('adds the warehouse markup before the tier discount', async () => {
    const warehouseId = randomUUID();
    const set = await h.gql<{ setWarehouseMarkup: { userErrors: unknown[] } }>(
      `mutation($input: SetWarehouseMarkupInput!) { setWarehouseMarkup(input: $input) { userErrors { code } warehouseMarkup { kind value } } }`,
      { input: { warehouseId, kind: 'PERCENT', value: '1000' } },
      'admin',
    );
    expect(set.data.setWarehouseMarkup.userErrors).toEqual([]);
    const { sku, base } = skus[2]!;
    const p = await priceOf(sku, `currency: USD, quantity: 5, warehouseId: "${warehouseId}"`);
    const converted = usd(base);
    const marked = converted + divRoundHalfUp(converted * 1000n, 10_000n);
    expect(p.adjustments.map((a) => a.kind)).toEqual(['CONVERSION', 'MARKUP', 'QUANTITY_TIER']);
    expect(p.unitPrice.amountMinor).toBe(String(marked - divRoundHalfUp(marked * 500n, 10_000n)));
    expect((await priceOf(sku, 'currency: USD, quantity: 5')).unitPrice.amountMinor).not.toBe(p.unitPrice.amountMinor);
  });

  it('prices a 50-line cart in one call with two SQL queries (the pricing version, then one reading all five tables), matching the per-variant field', async () => {
    const warehouseId = randomUUID();
    await h.gql(
      `mutation($input: SetWarehouseMarkupInput!) { setWarehouseMarkup(input: $input) { userErrors { code } } }`,
      { input: { warehouseId, kind: 'FIXED', value: '15000' } },
      'admin',
    );
    const lines = skus.slice(0, 50).map(({ sku }, i) => ({ sku, quantity: (i % 12) + 1, ...(i % 2 ? { warehouseId } : {}) }));
    h.queries.length = 0;
    const r = await h.gql<{ internalPriceLines: { sku: string; quantity: number; price: Price }[] }>(
      `query($input: PriceLinesInput!) { internalPriceLines(input: $input) { sku quantity price { ${PRICE} } } }`,
      { input: { currency: 'USD', lines } },
      'service',
    );
    expect(r.errors).toBeUndefined();
    // One query for the committed pricing version and one reading every table, whatever the line count.
    expect(h.queries.length).toBeLessThanOrEqual(2);
    for (const table of ['pricing_version', 'product_variant', 'price_list_entry', 'quantity_tier', 'warehouse_markup', 'currency_rate']) {
      expect(h.queries.filter((q) => /select/i.test(q) && q.includes(`"${table}"`))).toHaveLength(1);
    }
    expect(r.data.internalPriceLines.map((l) => [l.sku, l.quantity])).toEqual(lines.map((l) => [l.sku, l.quantity]));
    expect(r.data.internalPriceLines[9]!.price.adjustments.map((a) => a.kind)).toEqual(['CONVERSION', 'MARKUP', 'QUANTITY_TIER']);
    for (const i of [0, 4, 9, 49]) {
      const line = lines[i]!;
      const single = await priceOf(
        line.sku,
        `currency: USD, quantity: ${line.quantity}${line.warehouseId ? `, warehouseId: "${line.warehouseId}"` : ''}`,
      );
      expect(r.data.internalPriceLines[i]!.price).toEqual(single);
    }
  });

  it('refuses the internal batch query without the service credential', async () => {
    const r = await h.gql(`query { internalPriceLines(input: { currency: VND, lines: [] }) { sku } }`, {}, 'anonymous');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a new list price, base price and rate on the next read', async () => {
    const { sku, base } = skus[3]!;
    const before = await priceOf(sku, 'currency: USD');
    expect(before.unitPrice.amountMinor).toBe(String(usd(base)));
    const setPrice = `mutation($input: SetVariantPriceInput!) { setVariantPrice(input: $input) { userErrors { code } variant { sku } } }`;
    expect(
      (
        await h.gql<{ setVariantPrice: { userErrors: unknown[] } }>(
          setPrice,
          { input: { sku, currency: 'USD', amountMinor: '1234' } },
          'admin',
        )
      ).data.setVariantPrice.userErrors,
    ).toEqual([]);
    expect((await priceOf(sku, 'currency: USD')).unitPrice.amountMinor).toBe('1234');
    expect((await priceOf(sku, 'currency: USD')).adjustments.map((a) => a.kind)).toEqual(['PRICE_LIST']);

    await h.gql(setPrice, { input: { sku, currency: 'VND', amountMinor: '777000' } }, 'admin');
    expect((await priceOf(sku, '')).unitPrice.amountMinor).toBe('777000');

    const rate = await h.gql<{ setCurrencyRate: { userErrors: unknown[] } }>(
      `mutation($input: SetCurrencyRateInput!) { setCurrencyRate(input: $input) { userErrors { code } currencyRate { rate } } }`,
      { input: { currency: 'EUR', rate: '0.00005' } },
      'admin',
    );
    expect(rate.errors).toBeUndefined();
    expect(rate.data.setCurrencyRate.userErrors).toEqual([]);
    expect((await priceOf(sku, 'currency: EUR')).unitPrice.amountMinor).toBe(String(divRoundHalfUp(777_000n * 5n * 100n, 100_000n)));
  });

  it('returns userErrors for invalid admin input and refuses non-admins', async () => {
    const tier = `mutation($input: SetQuantityTierInput!) { setQuantityTier(input: $input) { userErrors { code field } quantityTier { minQuantity } } }`;
    const bad = await h.gql<{ setQuantityTier: { userErrors: { code: string; field: string[] }[]; quantityTier: null } }>(
      tier,
      { input: { minQuantity: 3, discountBasisPoints: 20_000 } },
      'admin',
    );
    expect(bad.data.setQuantityTier).toEqual({
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'discountBasisPoints'] }],
      quantityTier: null,
    });
    const anonymous = await h.gql(tier, { input: { minQuantity: 3, discountBasisPoints: 100 } }, 'anonymous');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rate = await h.gql<{ setCurrencyRate: { userErrors: { code: string }[] } }>(
      `mutation { setCurrencyRate(input: { currency: VND, rate: "2" }) { userErrors { code } } }`,
      {},
      'admin',
    );
    expect(rate.data.setCurrencyRate.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
  });
});
