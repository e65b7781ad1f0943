import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CatalogHarness, startCatalog } from './harness.js';

/** Issue 20: a subgraph's request metrics have bounded labels and count business refusals by code. */
describe('subgraph request metrics', () => {
  let h: CatalogHarness;

  beforeAll(async () => {
    h = await startCatalog('metrics');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const scrape = async () => (await fetch(new URL('/metrics', h.running.url))).text();

  it('labels an operation name no one declared as "other", so clients cannot create series', async () => {
    const invented = `Invented${Date.now().toString(36)}`;
    await h.gql(`query ${invented} { products(first: 1) { edges { node { id } } } }`);
    await h.gql(`query ProductListing__catalog__0 { products(first: 1) { edges { node { id } } } }`);
    const text = await scrape();
    expect(text).not.toContain(invented);
    expect(text).toMatch(/graphql_requests_total\{[^}]*operation="other"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/graphql_requests_total\{[^}]*operation="ProductListing"[^}]*\} [1-9]/);
  });

  it('counts a userError under its code and the request as a user_error, not ok', async () => {
    const before = await scrape();
    const count = (text: string) => Number(/graphql_user_errors_total\{[^}]*code="INVALID_INPUT"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    const result = await h.gql<{ setCurrencyRate: { userErrors: { code: string }[] } }>(
      `mutation { setCurrencyRate(input: { currency: USD, rate: "-2" }) { userErrors { code } } }`,
      {},
      'admin',
    );
    const code = result.data.setCurrencyRate.userErrors[0]?.code;
    expect(code).toBe('INVALID_INPUT');
    const after = await scrape();
    expect(count(after)).toBe(count(before) + 1);
    expect(after).toMatch(/graphql_requests_total\{[^}]*operation="anonymous"[^}]*outcome="user_error"[^}]*\} [1-9]/);
  });
});
