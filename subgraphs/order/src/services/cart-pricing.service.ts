import { type CurrencyCode, type Money, money, sum } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { type CartWarning, lineWarnings } from '../domain/cart-warnings.js';
import type { Cart, CartLine } from '../entities/index.js';
import { type LinePrice, type VariantInfo, fetchPrices, fetchVariants } from './catalog.client.js';
import { fetchAvailability } from './inventory.client.js';

/** A cart line with what the catalog and inventory say of it now. */
export interface PricedCartLine {
  line: CartLine;
  variant: VariantInfo | null;
  sellable: boolean;
  available: number;
  /** Null when the variant cannot be priced (removed from the catalog). */
  unitPrice: Money | null;
  lineTotal: Money | null;
  warnings: CartWarning[];
}

/** A cart priced now in one currency. */
export interface PricedCart {
  cart: Cart;
  currency: CurrencyCode;
  lines: PricedCartLine[];
  /** Sum of the priced line totals. */
  subtotal: Money;
  warnings: CartWarning[];
}

/** What the catalog and inventory say of a set of SKUs now. */
export interface SkuFacts {
  variants: Map<string, VariantInfo>;
  availability: Map<string, number>;
}

/** Variants and availability of SKUs: two subgraph calls, in parallel, whatever the number. */
export async function skuFacts(runtime: SubgraphRuntime, skus: readonly string[]): Promise<SkuFacts> {
  const [variants, availability] = await Promise.all([fetchVariants(runtime, skus), fetchAvailability(runtime, skus)]);
  return { variants, availability };
}

/** A line as the catalog prices it: SKU, quantity and warehouse (the price key). */
export interface PriceKeyed {
  sku: string;
  quantity: number;
  warehouseId?: string | null;
}

/** The key under which a line's price is known. */
export function priceKey(l: PriceKeyed): string {
  return `${l.sku}|${l.quantity}|${l.warehouseId ?? ''}`;
}

/**
 * Prices lines in one catalog call, in parallel with whatever else the caller fetches. An unknown
 * SKU fails the catalog's whole batch, so on failure the lines are priced again without the SKUs
 * `variants` (once it is known) does not hold.
 */
export async function pricesOf(runtime: SubgraphRuntime, currency: CurrencyCode, lines: readonly PriceKeyed[], variants: Promise<Map<string, VariantInfo>>): Promise<Map<string, LinePrice>> {
  const unique = [...new Map(lines.map((l) => [priceKey(l), l])).values()];
  const fetchFor = async (subset: PriceKeyed[]) => {
    const prices = await fetchPrices(runtime, currency, subset);
    return new Map(subset.map((l, i) => [priceKey(l), prices[i]!]));
  };
  try {
    return await fetchFor(unique);
  } catch (error) {
    const known = await variants;
    const priceable = unique.filter((l) => known.has(l.sku));
    if (priceable.length === unique.length) throw error;
    return fetchFor(priceable);
  }
}

/** What the caller already knows, so `priceCarts` fetches only the rest. */
export interface KnownFacts {
  facts?: SkuFacts;
  prices?: Map<string, LinePrice>;
}

/**
 * Prices carts (lines loaded) at the catalog's current prices, with availability and warnings.
 * One round of at most three parallel subgraph calls whatever the number of carts and lines
 * (variants, availability, batch prices), skipping what the caller already holds.
 */
export async function priceCarts(runtime: SubgraphRuntime, carts: readonly Cart[], currency: CurrencyCode, known: KnownFacts = {}): Promise<PricedCart[]> {
  const allLines = carts.flatMap((c) => c.lines.getItems());
  const factsPromise = known.facts ? Promise.resolve(known.facts) : skuFacts(runtime, allLines.map((l) => l.sku));
  const missing = allLines.filter((l) => !known.prices?.has(priceKey(l)));
  const [{ variants, availability }, fetched] = await Promise.all([
    factsPromise,
    missing.length ? pricesOf(runtime, currency, missing, factsPromise.then((f) => f.variants)) : Promise.resolve(new Map<string, LinePrice>()),
  ]);
  const prices = new Map([...(known.prices ?? []), ...fetched]);
  return carts.map((cart) => {
    const lines = cart.lines.getItems().map((line): PricedCartLine => {
      const variant = variants.get(line.sku) ?? null;
      const price = variants.has(line.sku) ? prices.get(priceKey(line)) : undefined;
      const sellable = variant?.product.status === 'ACTIVE';
      const available = availability.get(line.sku) ?? 0;
      return {
        line,
        variant,
        sellable,
        available,
        unitPrice: price ? money(price.unitPriceMinor, currency) : null,
        lineTotal: price ? money(price.lineTotalMinor, currency) : null,
        warnings: lineWarnings({
          sku: line.sku,
          name: variant?.name ?? line.sku,
          quantity: line.quantity,
          sellable,
          available,
          currency,
          currentUnitPriceMinor: price?.unitPriceMinor ?? null,
          seenUnitPriceMinor: line.seenUnitPriceMinor ?? null,
          seenCurrency: line.seenCurrency ?? null,
        }),
      };
    });
    return {
      cart,
      currency,
      lines,
      subtotal: sum(lines.flatMap((l) => (l.lineTotal ? [l.lineTotal] : [])), currency),
      warnings: lines.flatMap((l) => l.warnings),
    };
  });
}
