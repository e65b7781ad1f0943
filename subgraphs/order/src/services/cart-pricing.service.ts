import { type CurrencyCode, type Money, money, sum } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { type CartWarning, lineWarnings } from '../domain/cart-warnings.js';
import type { CartLineView, CartView } from '../store/rows.js';
import { type LinePrice, type VariantInfo, fetchPrices, fetchVariants, fetchVariantsAndPrices } from './catalog.client.js';
import { fetchAvailability } from './inventory.client.js';
import { isSellable } from '../domain/cart-rules.js';

export type { CartLineView, CartView } from '../store/rows.js';

/** A cart line with what the catalog and inventory say of it now. */
export interface PricedCartLine {
  line: CartLineView;
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
  cart: CartView;
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
export async function pricesOf(
  runtime: SubgraphRuntime,
  currency: CurrencyCode,
  lines: readonly PriceKeyed[],
  variants: Promise<Map<string, VariantInfo>>,
): Promise<Map<string, LinePrice>> {
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

/** What the catalog and inventory say of lines, with their prices when every line could be priced. */
export interface CartFacts {
  facts: SkuFacts;
  /** By `priceKey`; undefined when the lines could not be priced in one go (the caller prices later). */
  prices?: Map<string, LinePrice>;
}

/**
 * Variants, availability and current prices of lines in ONE parallel round of TWO subgraph calls
 * whatever the number of lines: inventory availability, and the catalog's variants and prices
 * together. `price: false` (e.g. a quantity out of bounds) asks for variants only. An unknown SKU
 * fails the catalog's price batch, so on failure the variants are fetched alone and the known
 * SKUs priced again (what `skuFacts` + `pricesOf` did); prices are then undefined if that fails too.
 */
export async function cartFacts(
  runtime: SubgraphRuntime,
  currency: CurrencyCode,
  lines: readonly PriceKeyed[],
  price = true,
): Promise<CartFacts> {
  const skus = lines.map((l) => l.sku);
  const unique = [...new Map(lines.map((l) => [priceKey(l), l])).values()];
  const keyed = (subset: readonly PriceKeyed[], prices: readonly LinePrice[]) => new Map(subset.map((l, i) => [priceKey(l), prices[i]!]));
  const catalog: Promise<{ variants: Map<string, VariantInfo>; prices?: Map<string, LinePrice> }> = !price
    ? fetchVariants(runtime, skus).then((variants) => ({ variants }))
    : fetchVariantsAndPrices(runtime, currency, skus, unique).then(
        (r) => ({ variants: r.variants, prices: keyed(unique, r.prices) }),
        async () => {
          const variants = await fetchVariants(runtime, skus);
          const priceable = unique.filter((l) => variants.has(l.sku));
          if (priceable.length === unique.length) return { variants };
          const prices = await fetchPrices(runtime, currency, priceable).then(
            (p) => keyed(priceable, p),
            () => undefined,
          );
          return prices ? { variants, prices } : { variants };
        },
      );
  const [{ variants, prices }, availability] = await Promise.all([catalog, fetchAvailability(runtime, skus)]);
  return prices ? { facts: { variants, availability }, prices } : { facts: { variants, availability } };
}

/** What the caller already knows, so `priceCarts` fetches only the rest. */
export interface KnownFacts {
  facts?: SkuFacts;
  prices?: Map<string, LinePrice>;
}

/**
 * Prices carts at the catalog's current prices, with availability and warnings.
 * One round of at most three parallel subgraph calls whatever the number of carts and lines
 * (variants, availability, batch prices), skipping what the caller already holds.
 */
export async function priceCarts(
  runtime: SubgraphRuntime,
  carts: readonly CartView[],
  currency: CurrencyCode,
  known: KnownFacts = {},
): Promise<PricedCart[]> {
  const allLines = carts.flatMap((c) => c.lines);
  let facts: SkuFacts;
  let prices: Map<string, LinePrice>;
  if (!known.facts && !known.prices) {
    // Nothing known (a cart read): variants, availability and prices in one round of two calls.
    const fetched = await cartFacts(runtime, currency, allLines);
    facts = fetched.facts;
    prices = fetched.prices ?? new Map();
    const unpriced = allLines.filter((l) => !prices.has(priceKey(l)) && facts.variants.has(l.sku));
    if (unpriced.length) prices = new Map([...prices, ...(await pricesOf(runtime, currency, unpriced, Promise.resolve(facts.variants)))]);
  } else {
    const factsPromise = known.facts
      ? Promise.resolve(known.facts)
      : skuFacts(
          runtime,
          allLines.map((l) => l.sku),
        );
    // A SKU the known variants lack is never priced (it shows unpriced): asking would only fail.
    const missing = allLines.filter((l) => !known.prices?.has(priceKey(l)) && (!known.facts || known.facts.variants.has(l.sku)));
    const [knownFacts, fetched] = await Promise.all([
      factsPromise,
      missing.length
        ? pricesOf(
            runtime,
            currency,
            missing,
            factsPromise.then((f) => f.variants),
          )
        : Promise.resolve(new Map<string, LinePrice>()),
    ]);
    facts = knownFacts;
    prices = new Map([...(known.prices ?? []), ...fetched]);
  }
  const { variants, availability } = facts;
  return carts.map((cart) => {
    const lines = cart.lines.map((line): PricedCartLine => {
      const variant = variants.get(line.sku) ?? null;
      const price = variants.has(line.sku) ? prices.get(priceKey(line)) : undefined;
      const sellable = isSellable(variant);
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
      subtotal: sum(
        lines.flatMap((l) => (l.lineTotal ? [l.lineTotal] : [])),
        currency,
      ),
      warnings: lines.flatMap((l) => l.warnings),
    };
  });
}
