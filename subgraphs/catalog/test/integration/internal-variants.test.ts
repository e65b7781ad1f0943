import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CatalogHarness, startCatalog } from './harness.js';

/** The order subgraph reads variants with their products on every cart request: one SQL query. */
describe('internalVariants', () => {
  let h: CatalogHarness;

  beforeAll(async () => {
    h = await startCatalog('catalog_internal_variants');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers variants with their products in one SQL query however many SKUs', async () => {
    const listing = await h.gql<{ products: { edges: { node: { id: string; name: string; variants: { sku: string }[] } }[] } }>(
      `{ products(first: 10, sort: NAME) { edges { node { id name variants { sku } } } } }`,
    );
    const expected = listing.data.products.edges.flatMap(({ node }) =>
      node.variants.map((v) => ({ sku: v.sku, product: { id: node.id, name: node.name } })),
    );
    expect(expected.length).toBeGreaterThanOrEqual(20);

    h.queries.length = 0;
    const result = await h.gql<{ internalVariants: { sku: string; product: { id: string; name: string } }[] }>(
      `query ($skus: [ID!]!) { internalVariants(skus: $skus) { sku product { id name } } }`,
      { skus: expected.map((v) => v.sku) },
      'service',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.internalVariants).toEqual(expected);
    expect(h.queries).toHaveLength(1);
    expect(h.queries[0]).toContain('from "catalog"."product_variant"');
  });
});
