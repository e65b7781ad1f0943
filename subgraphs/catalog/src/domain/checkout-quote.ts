import { type CurrencyCode, type Money, money, sum } from '@shopgraph/money';
import { type ShippingMethodRule, type ShippingOffer, shippingOffers } from './shipping.js';
import { type AppliedTax, type TaxCategoryCode, type TaxRateRule, taxOn, taxRateFor } from './tax.js';

/**
 * The checkout quote: shipping options and tax for a cart sent to a destination.
 *   1. parcel weight = Σ variant weight × quantity; order amount = Σ line amounts (after discounts);
 *   2. options = every method carrying that weight to the destination's zone, threshold applied;
 *   3. the chosen method (if offered) minus the shipping discount, capped at its price, is taxed at
 *      the destination's STANDARD rate;
 *   4. each line is taxed at the rate of (country, region or country-wide, the line's tax category).
 * taxTotal = Σ line taxes + shipping tax; exclusiveTaxTotal = the exclusive part of it.
 */

/** A line of the quote with what the catalog knows of its variant. */
export interface QuoteLine {
  key: string;
  amountMinor: bigint;
  quantity: number;
  weightGrams: number;
  taxCategory: TaxCategoryCode;
}

/** Everything the quote needs, already loaded. */
export interface QuoteInput {
  currency: CurrencyCode;
  countryCode: string;
  region: string | null;
  lines: readonly QuoteLine[];
  methods: readonly ShippingMethodRule[];
  taxRules: readonly TaxRateRule[];
  shippingMethodCode: string | null;
  shippingDiscountMinor: bigint;
  toTarget: (baseMinor: bigint) => Money;
}

/** A line's tax, keyed by the caller's line key. */
export interface LineTax extends AppliedTax {
  key: string;
}

/** The computed quote. */
export interface Quote {
  shippingOptions: ShippingOffer[];
  shipping: ShippingOffer | null;
  taxLines: LineTax[];
  shippingTax: Money;
  taxTotal: Money;
  exclusiveTaxTotal: Money;
}

/** Computes a checkout quote from loaded rules (see the module comment for the order of steps). */
export function quoteCheckout(input: QuoteInput): Quote {
  const { currency } = input;
  const weight = input.lines.reduce((w, l) => w + l.weightGrams * l.quantity, 0);
  const orderAmount = money(
    input.lines.reduce((s, l) => s + l.amountMinor, 0n),
    currency,
  );
  const options = shippingOffers(input.methods, weight, orderAmount, input.toTarget);
  const shipping = input.shippingMethodCode === null ? null : (options.find((o) => o.code === input.shippingMethodCode) ?? null);

  const taxLines: LineTax[] = input.lines.map((l) => ({
    key: l.key,
    ...taxOn(money(l.amountMinor, currency), taxRateFor(input.taxRules, input.countryCode, input.region, l.taxCategory)),
  }));
  let shippingTax: AppliedTax = taxOn(money(0n, currency), null);
  if (shipping) {
    const discount = input.shippingDiscountMinor < shipping.price.amountMinor ? input.shippingDiscountMinor : shipping.price.amountMinor;
    shippingTax = taxOn(
      money(shipping.price.amountMinor - discount, currency),
      taxRateFor(input.taxRules, input.countryCode, input.region, 'STANDARD'),
    );
  }
  const all = [...taxLines, shippingTax];
  return {
    shippingOptions: options,
    shipping,
    taxLines,
    shippingTax: shippingTax.amount,
    taxTotal: sum(
      all.map((t) => t.amount),
      currency,
    ),
    exclusiveTaxTotal: sum(
      all.filter((t) => !t.inclusive).map((t) => t.amount),
      currency,
    ),
  };
}
