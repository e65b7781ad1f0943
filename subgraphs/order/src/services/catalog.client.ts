import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** What the order subgraph needs to know of a variant. */
export interface VariantInfo {
  sku: string;
  name: string;
  /** ACTIVE or ARCHIVED: an archived variant of an active product is not sold either. */
  status: string;
  product: { id: string; name: string; status: string; category: { id: string } };
  basePrice: { amountMinor: string; currencyCode: string };
}

/** Variants by SKU from the catalog's internal field, in one call. Unknown SKUs are absent. */
export async function fetchVariants(runtime: SubgraphRuntime, skus: readonly string[]): Promise<Map<string, VariantInfo>> {
  if (skus.length === 0) return new Map();
  const data = await runtime.client('catalog').request<{ internalVariants: VariantInfo[] }>(
    `query InternalVariants($skus: [ID!]!) {
      internalVariants(skus: $skus) { sku name status product { id name status category { id } } basePrice { amountMinor currencyCode } }
    }`,
    { skus: [...new Set(skus)] },
  );
  return new Map(data.internalVariants.map((v) => [v.sku, v]));
}

/** A line to price. */
export interface PriceRequest {
  sku: string;
  quantity: number;
  warehouseId?: string | null;
}

/** The catalog's current price of one line. */
export interface LinePrice {
  unitPriceMinor: bigint;
  lineTotalMinor: bigint;
}

/**
 * Current prices of many lines in one call (catalog `internalPriceLines`), in request order.
 * Every SKU must exist: callers price only the variants `fetchVariants` found.
 */
export async function fetchPrices(runtime: SubgraphRuntime, currency: CurrencyCode, lines: readonly PriceRequest[]): Promise<LinePrice[]> {
  if (lines.length === 0) return [];
  const data = await runtime
    .client('catalog')
    .request<{ internalPriceLines: { price: { unitPrice: { amountMinor: string }; lineTotal: { amountMinor: string } } }[] }>(
      `query InternalPriceLines($input: PriceLinesInput!) {
      internalPriceLines(input: $input) { price { unitPrice { amountMinor } lineTotal { amountMinor } } }
    }`,
      { input: { currency, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })) } },
    );
  return data.internalPriceLines.map((p) => ({
    unitPriceMinor: BigInt(p.price.unitPrice.amountMinor),
    lineTotalMinor: BigInt(p.price.lineTotal.amountMinor),
  }));
}

/** Variants and current prices together, as one catalog call returns them. */
export interface VariantsAndPrices {
  variants: Map<string, VariantInfo>;
  /** In the order of the lines asked for. */
  prices: LinePrice[];
}

/**
 * `fetchVariants` and `fetchPrices` in ONE catalog call (both root fields in one operation): one
 * request, one parse and one authentication on each side instead of two. Like `fetchPrices`, an
 * unknown SKU among `lines` fails the whole call; callers that must survive that fall back to the
 * two separate calls.
 */
export async function fetchVariantsAndPrices(
  runtime: SubgraphRuntime,
  currency: CurrencyCode,
  skus: readonly string[],
  lines: readonly PriceRequest[],
): Promise<VariantsAndPrices> {
  if (lines.length === 0) return { variants: await fetchVariants(runtime, skus), prices: [] };
  if (skus.length === 0) return { variants: new Map(), prices: await fetchPrices(runtime, currency, lines) };
  const data = await runtime.client('catalog').request<{
    internalVariants: VariantInfo[];
    internalPriceLines: { price: { unitPrice: { amountMinor: string }; lineTotal: { amountMinor: string } } }[];
  }>(
    `query InternalVariantsAndPrices($skus: [ID!]!, $input: PriceLinesInput!) {
      internalVariants(skus: $skus) { sku name status product { id name status category { id } } basePrice { amountMinor currencyCode } }
      internalPriceLines(input: $input) { price { unitPrice { amountMinor } lineTotal { amountMinor } } }
    }`,
    {
      skus: [...new Set(skus)],
      input: { currency, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })) },
    },
  );
  return {
    variants: new Map(data.internalVariants.map((v) => [v.sku, v])),
    prices: data.internalPriceLines.map((p) => ({
      unitPriceMinor: BigInt(p.price.unitPrice.amountMinor),
      lineTotalMinor: BigInt(p.price.lineTotal.amountMinor),
    })),
  };
}
