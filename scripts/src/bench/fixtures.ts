import type { BenchEnv } from './harness.js';

/** The SKUs of the first `products` products of the listing: every variant, or only each product's first. */
export async function catalogSkus(env: BenchEnv, products: number, which: 'all' | 'first' = 'all'): Promise<string[]> {
  const data = await env.graphql<{ products: { edges: { node: { variants: { sku: string }[] } }[] } }>(
    `{ products(first: ${products}) { edges { node { variants { sku } } } } }`,
  );
  return data.products.edges.flatMap((e) => (which === 'all' ? e.node.variants.map((v) => v.sku) : [e.node.variants[0]!.sku]));
}

/** Receives a million units of each SKU in the first warehouse, so a run measures holding stock, not running out of it. */
export async function stockDeeply(env: BenchEnv, skus: readonly string[]): Promise<void> {
  const admin = await env.adminToken();
  const { warehouses } = await env.graphql<{ warehouses: { id: string }[] }>('{ warehouses { id } }', {}, admin);
  for (const sku of skus) {
    await env.graphql(
      'mutation($input: AdjustStockInput!) { adjustStock(input: $input) { userErrors { message } } }',
      { input: { sku, warehouseId: warehouses[0]!.id, quantityDelta: 1_000_000, kind: 'RECEIPT', reason: 'benchmark stock' } },
      admin,
    );
  }
}

/** Headers of a call made with the service credential, as another subgraph makes it. */
export const serviceHeaders = (env: BenchEnv): Record<string, string> => ({
  'x-service-token': env.serviceToken,
  'x-service-name': 'bench',
});
