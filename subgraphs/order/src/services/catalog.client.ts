import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** What the order subgraph needs to know of a variant. */
export interface VariantInfo {
  sku: string;
  name: string;
  product: { id: string; name: string; status: string };
  basePrice: { amountMinor: string; currencyCode: string };
}

/** Variants by SKU from the catalog's internal field, in one call. */
export async function fetchVariants(runtime: SubgraphRuntime, skus: readonly string[]): Promise<Map<string, VariantInfo>> {
  if (skus.length === 0) return new Map();
  const data = await runtime.client('catalog').request<{ internalVariants: VariantInfo[] }>(
    `query InternalVariants($skus: [ID!]!) {
      internalVariants(skus: $skus) { sku name product { id name status } basePrice { amountMinor currencyCode } }
    }`,
    { skus },
  );
  return new Map(data.internalVariants.map((v) => [v.sku, v]));
}

/** Units available per SKU from the inventory's internal field, in one call. */
export async function fetchAvailability(runtime: SubgraphRuntime, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const data = await runtime.client('inventory').request<{ internalAvailability: { sku: string; available: number }[] }>(
    `query InternalAvailability($skus: [ID!]!) { internalAvailability(skus: $skus) { sku available } }`,
    { skus },
  );
  return new Map(data.internalAvailability.map((a) => [a.sku, a.available]));
}
