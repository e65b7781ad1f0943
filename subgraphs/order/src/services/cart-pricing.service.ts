import { type CurrencyCode, type Money, money, sum } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { type CartWarning, lineWarnings } from '../domain/cart-warnings.js';
import type { Cart, CartLine } from '../entities/index.js';
import { type VariantInfo, fetchPrices, fetchVariants } from './catalog.client.js';
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

/**
 * Prices carts (lines loaded) at the catalog's current prices, with availability and warnings.
 * Three subgraph calls whatever the number of carts and lines: variants and availability in
 * parallel (skipped when the caller already holds `facts` for every SKU), then one batch price
 * call for the variants that exist.
 */
export async function priceCarts(runtime: SubgraphRuntime, carts: readonly Cart[], currency: CurrencyCode, facts?: SkuFacts): Promise<PricedCart[]> {
  const allLines = carts.flatMap((c) => c.lines.getItems());
  const { variants, availability } = facts ?? (await skuFacts(runtime, allLines.map((l) => l.sku)));
  const priceable = allLines.filter((l) => variants.has(l.sku));
  const prices = await fetchPrices(runtime, currency, priceable.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })));
  const priceByLine = new Map(priceable.map((l, i) => [l, prices[i]!]));
  return carts.map((cart) => {
    const lines = cart.lines.getItems().map((line): PricedCartLine => {
      const variant = variants.get(line.sku) ?? null;
      const price = priceByLine.get(line);
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
