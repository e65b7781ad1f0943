import { type CurrencyCode, type Money, allocate, money, sum, zero } from '@shopgraph/money';

/** A priced cart line, as the catalog priced it now. */
export interface PricedLine {
  /** The cart line id: the key promotions allocate on and the quote echoes. */
  key: string;
  sku: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** One promotion applied by the promotion subgraph, with its allocation over lines. */
export interface AppliedDiscount {
  promotionId: string;
  code: string | null;
  amount: Money;
  lineAmounts: ReadonlyMap<string, bigint>;
  shippingAmount: Money;
}

/** Loyalty points the shopper asked to use and what their account allows. */
export interface LoyaltyRequest {
  pointsRequested: number;
  pointsBalance: number;
  /** Worth of one point in the checkout currency, in minor units (0: points cannot be used). */
  pointValueMinor: bigint;
}

/** Lines after promotions and loyalty: the tax base sent to the quote. */
export interface DiscountedLines {
  currency: CurrencyCode;
  subtotal: Money;
  lines: (PricedLine & { promotionDiscount: Money; loyaltyDiscount: Money; amountAfterDiscounts: Money })[];
  promotions: AppliedDiscount[];
  promotionLineDiscount: Money;
  /** Promotion and tier shipping discounts together. */
  shippingDiscount: Money;
  pointsUsed: number;
  /** Most points the order could absorb (merchandise after promotions ÷ point value). */
  pointsMax: number;
  loyaltyDiscount: Money;
  /** Shipping taken off by the customer's tier (free standard shipping), beyond promotions. */
  tierShippingDiscount: Money;
}

/** Code of the shipping method a tier's free-standard-shipping benefit covers. */
export const STANDARD_SHIPPING_CODE = 'STANDARD';

/**
 * What a tier's free standard shipping takes off: the rest of the STANDARD method's price after
 * promotion shipping discounts (never more than the price), nothing for other methods.
 */
export function tierShippingDiscount(
  freeStandardShipping: boolean,
  methodCode: string | null,
  shippingPriceMinor: bigint,
  promotionShippingMinor: bigint,
): bigint {
  if (!freeStandardShipping || methodCode !== STANDARD_SHIPPING_CODE) return 0n;
  const rest = shippingPriceMinor - promotionShippingMinor;
  return rest > 0n ? rest : 0n;
}

/**
 * Step 1 of the one totals path (preview and confirmation alike): takes promotion discounts off
 * each line, then spends loyalty points on what is left. Points used = min(requested, balance,
 * what the merchandise after promotions can absorb); their value is spread over the lines in
 * proportion to what is left of each (largest remainder, so the parts sum exactly).
 */
export function applyDiscounts(
  currency: CurrencyCode,
  lines: readonly PricedLine[],
  promotions: readonly AppliedDiscount[],
  loyalty: LoyaltyRequest,
  tierShippingDiscountMinor = 0n,
): DiscountedLines {
  const subtotal = sum(
    lines.map((l) => l.lineTotal),
    currency,
  );
  const promo = lines.map((l) => {
    const off = promotions.reduce((n, p) => n + (p.lineAmounts.get(l.key) ?? 0n), 0n);
    return off > l.lineTotal.amountMinor ? l.lineTotal.amountMinor : off;
  });
  const afterPromo = lines.map((l, i) => l.lineTotal.amountMinor - promo[i]!);
  const merchandise = afterPromo.reduce((a, b) => a + b, 0n);
  const pointsMax = loyalty.pointValueMinor > 0n ? Number(merchandise / loyalty.pointValueMinor) : 0;
  const pointsUsed = Math.max(0, Math.min(loyalty.pointsRequested, loyalty.pointsBalance, pointsMax));
  const loyaltyDiscount = money(BigInt(pointsUsed) * loyalty.pointValueMinor, currency);
  const loyaltyParts = lines.length ? allocate(loyaltyDiscount, afterPromo) : [];
  return {
    currency,
    subtotal,
    lines: lines.map((l, i) => {
      const loyaltyPart = loyaltyParts[i] ?? zero(currency);
      return {
        ...l,
        promotionDiscount: money(promo[i]!, currency),
        loyaltyDiscount: loyaltyPart,
        amountAfterDiscounts: money(afterPromo[i]! - loyaltyPart.amountMinor, currency),
      };
    }),
    promotions: [...promotions],
    promotionLineDiscount: money(
      promo.reduce((a, b) => a + b, 0n),
      currency,
    ),
    shippingDiscount: money(
      sum(
        promotions.map((p) => p.shippingAmount),
        currency,
      ).amountMinor + tierShippingDiscountMinor,
      currency,
    ),
    tierShippingDiscount: money(tierShippingDiscountMinor, currency),
    pointsUsed,
    pointsMax,
    loyaltyDiscount,
  };
}

/** What the catalog quoted for the destination, after the discounts. */
export interface QuotedCharges {
  /** Price of the chosen method before the shipping discount; null when none is chosen. */
  shippingPrice: Money | null;
  /** Tax to add on top (exclusive tax); inclusive tax is already inside the amounts. */
  exclusiveTax: Money;
  /** All tax, inclusive and exclusive, for display. */
  taxTotal: Money;
}

/** The totals of a checkout. */
export interface CheckoutTotals {
  currency: CurrencyCode;
  subtotal: Money;
  promotionDiscount: Money;
  loyaltyDiscount: Money;
  pointsUsed: number;
  shipping: Money;
  shippingDiscount: Money;
  tax: Money;
  exclusiveTax: Money;
  total: Money;
}

/**
 * Step 2: total = subtotal − promotion line discounts − loyalty + (shipping − shipping discount,
 * never below zero) + exclusive tax. Shipping is zero until a method is chosen.
 */
export function summarizeTotals(discounted: DiscountedLines, charges: QuotedCharges): CheckoutTotals {
  const c = discounted.currency;
  const shipping = charges.shippingPrice ?? zero(c);
  const shippingDiscountMinor =
    discounted.shippingDiscount.amountMinor > shipping.amountMinor ? shipping.amountMinor : discounted.shippingDiscount.amountMinor;
  const shippingDiscount = money(shippingDiscountMinor, c);
  const total =
    discounted.subtotal.amountMinor -
    discounted.promotionLineDiscount.amountMinor -
    discounted.loyaltyDiscount.amountMinor +
    shipping.amountMinor -
    shippingDiscountMinor +
    charges.exclusiveTax.amountMinor;
  return {
    currency: c,
    subtotal: discounted.subtotal,
    promotionDiscount: money(discounted.promotionLineDiscount.amountMinor + shippingDiscountMinor, c),
    loyaltyDiscount: discounted.loyaltyDiscount,
    pointsUsed: discounted.pointsUsed,
    shipping,
    shippingDiscount,
    tax: charges.taxTotal,
    exclusiveTax: charges.exclusiveTax,
    total: money(total, c),
  };
}
