import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SHIPPING_METHODS } from '@shopgraph/demo-data';
import { divRoundHalfUp } from '@shopgraph/money';
import { type CatalogHarness, startCatalog } from './harness.js';

interface Money {
  amountMinor: string;
  currencyCode: string;
}
interface Option {
  code: string;
  price: Money;
  freeShippingThreshold: Money | null;
  estimatedDaysMin: number;
  estimatedDaysMax: number;
}
interface Quote {
  shippingOptions: Option[];
  shipping: Option | null;
  taxLines: { key: string; ratePercent: string; inclusive: boolean; amount: Money }[];
  shippingTax: Money;
  taxTotal: Money;
  exclusiveTaxTotal: Money;
}
const M = 'amountMinor currencyCode';
const OPTION = `code price { ${M} } freeShippingThreshold { ${M} } estimatedDaysMin estimatedDaysMax`;
const QUOTE = `query($input: CheckoutQuoteInput!) { internalCheckoutQuote(input: $input) {
  shippingOptions { ${OPTION} } shipping { ${OPTION} } taxLines { key ratePercent inclusive amount { ${M} } }
  shippingTax { ${M} } taxTotal { ${M} } exclusiveTaxTotal { ${M} } } }`;

/** Demo band price (VND) of a method to a zone for a weight. */
function demoBand(method: string, zone: string, weight: number): number | null {
  const bands = DEMO_SHIPPING_METHODS.find((m) => m.code === method)!.bands[zone]!;
  return bands.find(([min, max]) => weight >= min && (max === null || weight < max))?.[2] ?? null;
}
const usd = (vnd: number) => divRoundHalfUp(BigInt(vnd) * 393n * 100n, 10_000_000n);
const gbp = (vnd: number) => divRoundHalfUp(BigInt(vnd) * 302n * 100n, 10_000_000n);

/** The internal checkout quote on the seeded demo tables (rates USD 0.0000393, GBP 0.0000302). */
describe('catalog checkout quote', () => {
  let h: CatalogHarness;
  let variants: { sku: string; weight: number }[];

  const outbox = () =>
    h.running.runtime.orm.em
      .fork()
      .execute<{ name: string; payload: Record<string, unknown> }[]>('select name, payload from catalog.outbox order by seq');
  const quote = async (input: Record<string, unknown>, as: 'service' | 'admin' | 'anonymous' = 'service') =>
    h.gql<{ internalCheckoutQuote: Quote }>(QUOTE, { input }, as);

  beforeAll(async () => {
    h = await startCatalog('quote');
    const rows = await h.running.runtime.orm.em
      .fork()
      .execute<{ sku: string; weight_grams: number }[]>('select sku, weight_grams from catalog.product_variant order by sku limit 60');
    variants = rows.map((r) => ({ sku: r.sku, weight: r.weight_grams }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('quotes US sales tax by state, exclusive, with every method that carries the parcel', async () => {
    const [a, b] = variants;
    const weight = a!.weight * 2 + b!.weight;
    const r = await quote({
      currency: 'USD',
      destination: { countryCode: 'US', region: 'ca', postalCode: '94105' },
      lines: [
        { key: 'l1', sku: a!.sku, quantity: 2, amountMinor: '1999' },
        { key: 'l2', sku: b!.sku, quantity: 1, amountMinor: '1001' },
      ],
      shippingMethodCode: 'EXPRESS',
    });
    expect(r.errors).toBeUndefined();
    const q = r.data.internalCheckoutQuote;
    const standard = usd(demoBand('STANDARD', 'NORTH_AMERICA', weight)!);
    const express = usd(demoBand('EXPRESS', 'NORTH_AMERICA', weight)!);
    expect(q.shippingOptions).toEqual([
      {
        code: 'STANDARD',
        price: { amountMinor: String(standard), currencyCode: 'USD' },
        freeShippingThreshold: { amountMinor: '3930', currencyCode: 'USD' },
        estimatedDaysMin: 3,
        estimatedDaysMax: 7,
      },
      {
        code: 'EXPRESS',
        price: { amountMinor: String(express), currencyCode: 'USD' },
        freeShippingThreshold: null,
        estimatedDaysMin: 1,
        estimatedDaysMax: 3,
      },
    ]);
    expect(q.shipping?.code).toBe('EXPRESS');
    expect(q.taxLines).toEqual([
      { key: 'l1', ratePercent: '7.25', inclusive: false, amount: { amountMinor: '145', currencyCode: 'USD' } },
      { key: 'l2', ratePercent: '7.25', inclusive: false, amount: { amountMinor: '73', currencyCode: 'USD' } },
    ]);
    const shippingTax = divRoundHalfUp(express * 725n, 10_000n);
    expect(q.shippingTax.amountMinor).toBe(String(shippingTax));
    expect(q.taxTotal.amountMinor).toBe(String(145n + 73n + shippingTax));
    expect(q.exclusiveTaxTotal).toEqual(q.taxTotal);

    // Without a state rate the country-wide rate (0 %) applies.
    const oregon = await quote({
      currency: 'USD',
      destination: { countryCode: 'US', region: 'OR' },
      lines: [{ key: 'l1', sku: a!.sku, quantity: 1, amountMinor: '1999' }],
    });
    expect(oregon.data.internalCheckoutQuote.taxLines[0]).toMatchObject({ ratePercent: '0', amount: { amountMinor: '0' } });
    expect(oregon.data.internalCheckoutQuote.shipping).toBeNull();
  });

  it('quotes inclusive VAT, free standard shipping from the threshold, and taxes shipping after its discount', async () => {
    const [a, b] = variants;
    const lines = [
      { key: 'x', sku: a!.sku, quantity: 1, amountMinor: '2000' },
      { key: 'y', sku: b!.sku, quantity: 1, amountMinor: '1500' },
    ];
    // Threshold 1,000,000 VND = 30.20 GBP; the lines add up to 35.00 GBP.
    const r = await quote({
      currency: 'GBP',
      destination: { countryCode: 'GB' },
      lines,
      shippingMethodCode: 'EXPRESS',
      shippingDiscountMinor: '500',
    });
    expect(r.errors).toBeUndefined();
    const q = r.data.internalCheckoutQuote;
    const express = gbp(demoBand('EXPRESS', 'EUROPE', a!.weight + b!.weight)!);
    expect(q.shippingOptions.map((o) => [o.code, o.price.amountMinor])).toEqual([
      ['STANDARD', '0'],
      ['EXPRESS', String(express)],
    ]);
    expect(q.shippingOptions[0]!.freeShippingThreshold).toEqual({ amountMinor: '3020', currencyCode: 'GBP' });
    expect(q.taxLines.map((t) => [t.key, t.ratePercent, t.inclusive, t.amount.amountMinor])).toEqual([
      ['x', '20', true, '333'],
      ['y', '20', true, '250'],
    ]);
    const shippingTax = divRoundHalfUp((express - 500n) * 20n, 120n);
    expect(q.shippingTax.amountMinor).toBe(String(shippingTax));
    expect(q.taxTotal.amountMinor).toBe(String(333n + 250n + shippingTax));
    expect(q.exclusiveTaxTotal.amountMinor).toBe('0');

    const below = await quote({ currency: 'GBP', destination: { countryCode: 'GB' }, lines: [{ ...lines[0]!, amountMinor: '3019' }] });
    expect(below.data.internalCheckoutQuote.shippingOptions[0]!.price.amountMinor).toBe(
      String(gbp(demoBand('STANDARD', 'EUROPE', a!.weight)!)),
    );
  });

  it("applies the product's tax category", async () => {
    const [a] = variants;
    await h.running.runtime.orm.em
      .fork()
      .execute(
        `update catalog.product set tax_category = 'REDUCED' where id = (select product_id from catalog.product_variant where sku = ?)`,
        [a!.sku],
      );
    const r = await quote({
      currency: 'GBP',
      destination: { countryCode: 'GB' },
      lines: [{ key: 'x', sku: a!.sku, quantity: 1, amountMinor: '2100' }],
    });
    expect(r.data.internalCheckoutQuote.taxLines[0]).toMatchObject({ ratePercent: '5', inclusive: true, amount: { amountMinor: '100' } });
    await h.running.runtime.orm.em
      .fork()
      .execute(
        `update catalog.product set tax_category = 'STANDARD' where id = (select product_id from catalog.product_variant where sku = ?)`,
        [a!.sku],
      );
  });

  it("quotes 50 lines with at most two SQL queries (version and variants, then the destination's tables), tax lines in input order", async () => {
    const lines = variants
      .slice(0, 50)
      .map((v, i) => ({ key: `k${i}`, sku: v.sku, quantity: (i % 3) + 1, amountMinor: String(1000 + i * 37) }));
    h.queries.length = 0;
    const r = await quote({ currency: 'EUR', destination: { countryCode: 'DE' }, lines, shippingMethodCode: 'STANDARD' });
    expect(r.errors).toBeUndefined();
    expect(h.queries.length).toBeLessThanOrEqual(2);
    for (const table of ['product_variant', 'shipping_zone_country', 'shipping_rate', 'tax_rate', 'currency_rate']) {
      expect(h.queries.filter((sql) => sql.includes(`from "catalog"."${table}"`))).toHaveLength(1);
    }
    const q = r.data.internalCheckoutQuote;
    expect(q.taxLines.map((t) => t.key)).toEqual(lines.map((l) => l.key));
    expect(q.taxLines[7]).toMatchObject({
      ratePercent: '19',
      inclusive: true,
      amount: { amountMinor: String(divRoundHalfUp(BigInt(1000 + 7 * 37) * 19n, 119n)) },
    });
    // 50 lines of at least 300 g each weigh over 20 kg: too heavy for express.
    expect(q.shippingOptions.map((o) => o.code)).toEqual(['STANDARD']);
    expect(q.shipping?.code).toBe('STANDARD');
  });

  it('refuses callers without the service credential', async () => {
    const input = { currency: 'USD', destination: { countryCode: 'US' }, lines: [] };
    expect((await quote(input, 'anonymous')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await quote(input, 'admin')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await quote(input, 'service')).errors).toBeUndefined();
  });

  it('rejects an unknown SKU, an unserved or malformed country and a negative amount as BAD_USER_INPUT', async () => {
    const line = { key: 'x', sku: variants[0]!.sku, quantity: 1, amountMinor: '100' };
    for (const input of [
      { currency: 'USD', destination: { countryCode: 'US' }, lines: [{ ...line, sku: 'NO-SUCH-SKU' }] },
      { currency: 'USD', destination: { countryCode: 'BR' }, lines: [line] },
      { currency: 'USD', destination: { countryCode: 'usa' }, lines: [line] },
      { currency: 'USD', destination: { countryCode: 'US' }, lines: [{ ...line, amountMinor: '-1' }] },
      { currency: 'USD', destination: { countryCode: 'US' }, lines: [{ ...line, quantity: 0 }] },
    ]) {
      const r = await quote(input);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('lets an admin manage zones, methods, bands and tax rates, which the next quote uses', async () => {
    const line = { key: 'x', sku: variants[0]!.sku, quantity: 1, amountMinor: '10000' };
    const outboxBefore = await outbox();
    const zone = await h.gql<{ setShippingZone: { shippingZone: { countryCodes: string[] } | null; userErrors: { code: string }[] } }>(
      `mutation($input: SetShippingZoneInput!) { setShippingZone(input: $input) { shippingZone { code countryCodes } userErrors { code field } } }`,
      { input: { code: 'SOUTH_AMERICA', name: 'South America', countryCodes: ['br', 'AR'] } },
      'admin',
    );
    expect(zone.data.setShippingZone).toEqual({ shippingZone: { code: 'SOUTH_AMERICA', countryCodes: ['AR', 'BR'] }, userErrors: [] });
    const taken = await h.gql<{ setShippingZone: { userErrors: { code: string }[] } }>(
      `mutation { setShippingZone(input: { code: "LATAM", name: "Latam", countryCodes: ["BR", "US"] }) { userErrors { code } } }`,
      {},
      'admin',
    );
    expect(taken.data.setShippingZone.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

    const method = await h.gql<{ setShippingMethod: { userErrors: unknown[] } }>(
      `mutation { setShippingMethod(input: { code: "ECONOMY", name: "Economy", estimatedDaysMin: 10, estimatedDaysMax: 20 }) { userErrors { code } shippingMethod { code active } } }`,
      {},
      'admin',
    );
    expect(method.data.setShippingMethod.userErrors).toEqual([]);
    const setRate = `mutation($input: SetShippingRateInput!) { setShippingRate(input: $input) { userErrors { code field } shippingRate { minWeightGrams maxWeightGrams price { amountMinor } } } }`;
    const band = await h.gql<{ setShippingRate: { userErrors: unknown[] } }>(
      setRate,
      { input: { methodCode: 'ECONOMY', zoneCode: 'SOUTH_AMERICA', minWeightGrams: 0, maxWeightGrams: 10000, priceMinor: '254453' } },
      'admin',
    );
    expect(band.data.setShippingRate.userErrors).toEqual([]);
    const overlap = await h.gql<{ setShippingRate: { userErrors: { code: string }[]; shippingRate: null } }>(
      setRate,
      { input: { methodCode: 'ECONOMY', zoneCode: 'SOUTH_AMERICA', minWeightGrams: 5000, priceMinor: '1' } },
      'admin',
    );
    expect(overlap.data.setShippingRate).toMatchObject({ userErrors: [{ code: 'INVALID_INPUT' }], shippingRate: null });

    const tax = await h.gql<{ setTaxRate: { taxRate: { region: string | null; ratePercent: string } | null; userErrors: unknown[] } }>(
      `mutation { setTaxRate(input: { countryCode: "BR", region: "sp", ratePercent: "18.0", inclusive: false }) { taxRate { region ratePercent } userErrors { code } } }`,
      {},
      'admin',
    );
    expect(tax.errors).toBeUndefined();
    expect(tax.data.setTaxRate).toEqual({ taxRate: { region: 'SP', ratePercent: '18' }, userErrors: [] });
    const badTax = await h.gql<{ setTaxRate: { userErrors: { code: string }[] } }>(
      `mutation { setTaxRate(input: { countryCode: "BR", ratePercent: "120", inclusive: false }) { userErrors { code } } }`,
      {},
      'admin',
    );
    expect(badTax.data.setTaxRate.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

    const q = await quote({
      currency: 'USD',
      destination: { countryCode: 'BR', region: 'SP' },
      lines: [line],
      shippingMethodCode: 'ECONOMY',
    });
    expect(q.errors).toBeUndefined();
    expect(q.data.internalCheckoutQuote.shippingOptions.map((o) => [o.code, o.price.amountMinor])).toEqual([
      ['ECONOMY', String(usd(254_453))],
    ]);
    expect(q.data.internalCheckoutQuote.taxLines[0]).toMatchObject({
      ratePercent: '18',
      inclusive: false,
      amount: { amountMinor: '1800' },
    });

    // Each accepted change recorded ShippingTaxUpdated with it; the refused ones (taken country, overlap, bad rate) none.
    expect((await outbox()).slice(outboxBefore.length).map((e) => [e.name, e.payload.table, e.payload.key])).toEqual([
      ['catalog.shipping-tax-updated', 'SHIPPING_ZONE', 'SOUTH_AMERICA'],
      ['catalog.shipping-tax-updated', 'SHIPPING_METHOD', 'ECONOMY'],
      ['catalog.shipping-tax-updated', 'SHIPPING_RATE', 'ECONOMY/SOUTH_AMERICA/0'],
      ['catalog.shipping-tax-updated', 'TAX_RATE', 'BR/SP/STANDARD'],
    ]);

    const anonymous = await h.gql(
      `mutation { setTaxRate(input: { countryCode: "BR", ratePercent: "1", inclusive: false }) { userErrors { code } } }`,
      {},
      'anonymous',
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const listed = await h.gql<{
      taxRates: { region: string | null }[];
      shippingZones: { code: string }[];
      shippingMethods: { code: string; rates: unknown[] }[];
    }>(`{ taxRates(countryCode: "BR") { region } shippingZones { code } shippingMethods { code rates { zoneCode } } }`, {}, 'admin');
    expect(listed.data.taxRates).toEqual([{ region: 'SP' }]);
    expect(listed.data.shippingZones.map((z) => z.code)).toContain('SOUTH_AMERICA');
    expect(listed.data.shippingMethods.find((m) => m.code === 'ECONOMY')?.rates).toHaveLength(1);
  });
});
