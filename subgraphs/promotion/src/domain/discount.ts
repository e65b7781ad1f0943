import { allocate, divRoundHalfUp, money } from '@shopgraph/money';
import { type CampaignRule, type CartLine, CampaignType, DiscountType, type PromotionCart } from './promotion-rules.js';

/** What is still payable: per line (same order as the cart) and for shipping. */
export interface Remainder {
  lines: bigint[];
  shipping: bigint;
}

/** A discount split over lines (same order as the cart) and shipping. */
export interface DiscountParts {
  lines: bigint[];
  shipping: bigint;
}

/** A campaign's product and category filters, as sets for fast lookup. */
export interface LineFilter {
  products: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  excludedProducts: ReadonlySet<string>;
  excludedCategories: ReadonlySet<string>;
}

/** Builds the filter of a campaign once per evaluation. */
export function lineFilter(rule: CampaignRule): LineFilter {
  return {
    products: new Set(rule.productIds),
    categories: new Set(rule.categoryIds),
    excludedProducts: new Set(rule.excludedProductIds),
    excludedCategories: new Set(rule.excludedCategoryIds),
  };
}

/**
 * Whether a line is covered: exclusions always win; with both inclusion lists set, a line
 * matching either is covered; with neither, every line is.
 */
export function coversLine(f: LineFilter, line: CartLine): boolean {
  if (f.excludedProducts.has(line.productId) || line.categoryIds.some((c) => f.excludedCategories.has(c))) return false;
  if (f.products.size === 0 && f.categories.size === 0) return true;
  return f.products.has(line.productId) || line.categoryIds.some((c) => f.categories.has(c));
}

const sumOf = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** Splits `total` over `weights` exactly (largest remainder, deterministic). */
function spread(total: bigint, weights: readonly bigint[], cart: PromotionCart): bigint[] {
  const result = weights.map(() => 0n);
  if (total === 0n) return result;
  // Zero weights get nothing anyway; leaving them out keeps allocation cheap on big carts.
  const used = weights.flatMap((w, i) => (w > 0n ? [i] : []));
  if (used.length === 0) return allocate(money(total, cart.currency), weights).map((m) => m.amountMinor);
  allocate(
    money(total, cart.currency),
    used.map((i) => weights[i]!),
  ).forEach((m, k) => (result[used[k]!] = m.amountMinor));
  return result;
}

/**
 * The raw discount of a campaign on what is still payable, before the maximum and budget caps.
 * Never more than the remainder of any line or of shipping.
 */
export function rawDiscount(rule: CampaignRule, cart: PromotionCart, covered: readonly boolean[], rest: Remainder): DiscountParts {
  const base = rest.lines.map((r, i) => (covered[i] ? r : 0n));
  const none = { lines: base.map(() => 0n), shipping: 0n };
  switch (rule.discountType) {
    case DiscountType.PERCENTAGE: {
      const bp = BigInt(Math.min(Math.max(rule.percentageBasisPoints ?? 0, 0), 10_000));
      return { lines: spread(divRoundHalfUp(sumOf(base) * bp, 10_000n), base, cart), shipping: 0n };
    }
    case DiscountType.FIXED_AMOUNT: {
      const fixed = rule.fixedAmountMinor ?? 0n;
      if (fixed <= 0n) return none;
      if (rule.campaignType === CampaignType.CATALOG) {
        return { lines: base.map((r, i) => minBig(r, fixed * BigInt(cart.lines[i]!.quantity))), shipping: 0n };
      }
      return { lines: spread(minBig(fixed, sumOf(base)), base, cart), shipping: 0n };
    }
    case DiscountType.BUY_X_GET_Y:
      return { lines: buyXGetY(rule, cart, base), shipping: 0n };
    case DiscountType.FREE_SHIPPING:
      return base.some((r) => r > 0n) ? { lines: none.lines, shipping: rest.shipping } : none;
  }
}

/**
 * Buy X get Y: every full group of X+Y covered units earns Y discounted units, and the
 * discounted ones are the cheapest covered units (ties: cart order), so the shop never gives
 * away more than the shopper pays for.
 */
function buyXGetY(rule: CampaignRule, cart: PromotionCart, base: readonly bigint[]): bigint[] {
  const buy = rule.buyQuantity ?? 0;
  const get = rule.getQuantity ?? 0;
  const result = base.map(() => 0n);
  if (buy <= 0 || get <= 0) return result;
  const eligible = cart.lines.map((line, i) => ({ i, line })).filter(({ i, line }) => base[i]! > 0n && line.quantity > 0);
  const units = eligible.reduce((n, { line }) => n + line.quantity, 0);
  let free = Math.floor(units / (buy + get)) * get;
  const bp = BigInt(Math.min(Math.max(rule.percentageBasisPoints ?? 10_000, 0), 10_000));
  eligible.sort((a, b) => cmpBig(a.line.unitPrice.amountMinor, b.line.unitPrice.amountMinor) || a.i - b.i);
  for (const { i, line } of eligible) {
    if (free === 0) break;
    const take = Math.min(free, line.quantity);
    free -= take;
    result[i] = minBig(base[i]!, divRoundHalfUp(line.unitPrice.amountMinor * BigInt(take) * bp, 10_000n));
  }
  return result;
}

/** Lowers a discount to at most `cap`, keeping its shape (lines first, then shipping, proportionally). */
export function capDiscount(parts: DiscountParts, cap: bigint, cart: PromotionCart): DiscountParts {
  const total = sumOf(parts.lines) + parts.shipping;
  if (total <= cap) return parts;
  const split = spread(cap < 0n ? 0n : cap, [...parts.lines, parts.shipping], cart);
  return { lines: split.slice(0, -1), shipping: split.at(-1)! };
}

/** Total of a discount. */
export function totalOf(parts: DiscountParts): bigint {
  return sumOf(parts.lines) + parts.shipping;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
