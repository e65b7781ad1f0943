import { type CurrencyCode, money } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import {
  type AppliedDiscount,
  type CheckoutTotals,
  type DiscountedLines,
  type PricedLine,
  applyDiscounts,
  summarizeTotals,
  tierShippingDiscount,
} from '../domain/checkout-totals.js';
import type { CheckoutAddress } from '../domain/checkout-state.js';
import type { CartLineView } from './cart-pricing.service.js';
import { type VariantInfo, fetchVariantsAndPrices } from './catalog.client.js';
import { type CustomerContext, fetchCustomerContext } from './customer.client.js';
import { type PromotionInput, type PromotionOutcome, evaluatePromotions } from './promotion.client.js';
import { type CheckoutQuote, type QuoteRequest, type ShippingOptionInfo, fetchQuote, sameQuoteRequest } from './quote.client.js';
import { isSellable } from '../domain/cart-rules.js';

/** The facts a checkout's totals start from: the customer, the variants and their current prices. */
export interface CheckoutFacts {
  currency: CurrencyCode;
  customerId: string | null;
  context: CustomerContext | null;
  variants: Map<string, VariantInfo>;
  lines: (PricedLine & { productId: string; name: string; categoryId: string | null; sellable: boolean })[];
}

/**
 * Gathers what the totals need in one parallel round of two subgraph calls whatever the number
 * of lines: the customer's checkout context, and the variants with their current batch prices
 * (one catalog call for both).
 */
export async function gatherCheckoutFacts(
  runtime: SubgraphRuntime,
  currency: CurrencyCode,
  customerId: string | null,
  cartLines: readonly CartLineView[],
  /** The customer's context when the caller already asked for it (see `updateCheckoutState`). */
  knownContext?: Promise<CustomerContext | null>,
): Promise<CheckoutFacts> {
  const [context, { variants, prices }] = await Promise.all([
    knownContext ?? (customerId ? fetchCustomerContext(runtime, customerId) : Promise.resolve(null)),
    fetchVariantsAndPrices(
      runtime,
      currency,
      cartLines.map((l) => l.sku),
      cartLines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })),
    ),
  ]);
  return {
    currency,
    customerId,
    context,
    variants,
    lines: cartLines.map((l, i) => {
      const variant = variants.get(l.sku);
      return {
        key: l.id,
        sku: l.sku,
        quantity: l.quantity,
        productId: l.productId,
        name: variant?.name ?? l.sku,
        categoryId: variant?.product.category.id ?? null,
        sellable: isSellable(variant),
        unitPrice: money(prices[i]!.unitPriceMinor, currency),
        lineTotal: money(prices[i]!.lineTotalMinor, currency),
      };
    }),
  };
}

/** The shopper's choices that change the totals. */
export interface CheckoutChoices {
  shippingAddress: CheckoutAddress | null;
  shippingMethodCode: string | null;
  promotionCodes: string[];
  loyaltyPoints: number;
}

/** Everything the preview shows and the confirmation charges. */
export interface CheckoutComputation {
  facts: CheckoutFacts;
  /** What the promotion engine evaluated: the redemption at confirmation sends the same. */
  promotionInput: PromotionInput;
  promotions: PromotionOutcome;
  discounted: DiscountedLines;
  /** Null until a shipping address is set. */
  quote: CheckoutQuote | null;
  shippingOptions: ShippingOptionInfo[];
  /** The chosen method, when it is offered for the destination. */
  shipping: ShippingOptionInfo | null;
  totals: CheckoutTotals;
  /** Worth of one loyalty point in the checkout currency (0 when points cannot be used). */
  pointValueMinor: bigint;
}

/**
 * Worth of one loyalty point: the customer's points value ÷ points. Points are worth money in
 * the shop's base currency only, so a checkout in another currency cannot use them.
 */
export function pointValueOf(context: CustomerContext | null, currency: CurrencyCode): bigint {
  if (!context || context.loyaltyPoints <= 0 || context.loyaltyValue.currencyCode !== currency) return 0n;
  return BigInt(context.loyaltyValue.amountMinor) / BigInt(context.loyaltyPoints);
}

/**
 * The one totals path, for the preview and for the confirmation: promotions are evaluated on the
 * current prices (with the chosen method's price, so a free-shipping promotion can apply), loyalty
 * is spent on what is left, the tier's free standard shipping is added to the shipping discount,
 * and the catalog quotes shipping and tax on the discounted lines.
 * At most three more subgraph calls after `gatherCheckoutFacts`, whatever the number of lines; two
 * when the discounts leave the quote's input unchanged (the first quote is then the final one).
 */
export async function computeCheckout(
  runtime: SubgraphRuntime,
  facts: CheckoutFacts,
  choices: CheckoutChoices,
): Promise<CheckoutComputation> {
  const { currency } = facts;
  const destination = choices.shippingAddress
    ? {
        countryCode: choices.shippingAddress.countryCode,
        region: choices.shippingAddress.region ?? null,
        postalCode: choices.shippingAddress.postalCode ?? null,
      }
    : null;
  const lineAmounts = (amounts: readonly bigint[]) =>
    facts.lines.map((l, i) => ({ key: l.key, sku: l.sku, quantity: l.quantity, amountMinor: amounts[i]! }));

  // The shipping price before discounts, for the promotion engine's free-shipping rule.
  const firstRequest: QuoteRequest | null =
    destination && choices.shippingMethodCode
      ? {
          currency,
          destination,
          lines: lineAmounts(facts.lines.map((l) => l.lineTotal.amountMinor)),
          shippingMethodCode: choices.shippingMethodCode,
          shippingDiscountMinor: 0n,
        }
      : null;
  const firstQuote = firstRequest ? await fetchQuote(runtime, firstRequest) : null;
  const shippingPriceMinor = firstQuote?.shipping ? BigInt(firstQuote.shipping.price.amountMinor) : 0n;
  const promotionInput: PromotionInput = {
    currency,
    lines: facts.lines.map((l) => ({
      lineId: l.key,
      productId: l.productId,
      categoryIds: l.categoryId ? [l.categoryId] : [],
      quantity: l.quantity,
      unitPriceMinor: l.unitPrice.amountMinor,
    })),
    shippingAmountMinor: shippingPriceMinor,
    codes: choices.promotionCodes,
    customerId: facts.customerId,
    segments: facts.context?.segments ?? [],
  };
  const promotions = await evaluatePromotions(runtime, promotionInput);
  const applied: AppliedDiscount[] = promotions.applied.map((p) => ({
    promotionId: p.promotionId,
    code: p.code,
    amount: money(BigInt(p.amount.amountMinor), currency),
    lineAmounts: new Map(p.lines.map((l) => [l.lineId, BigInt(l.amount.amountMinor)])),
    shippingAmount: money(BigInt(p.shippingAmount.amountMinor), currency),
  }));
  const pointValueMinor = pointValueOf(facts.context, currency);
  const promotionShippingMinor = applied.reduce((n, p) => n + p.shippingAmount.amountMinor, 0n);
  const tierShipping = tierShippingDiscount(
    !!facts.context?.benefits.freeStandardShipping,
    firstQuote?.shipping?.code ?? null,
    shippingPriceMinor,
    promotionShippingMinor,
  );
  const discounted = applyDiscounts(
    currency,
    facts.lines,
    applied,
    { pointsRequested: choices.loyaltyPoints, pointsBalance: facts.context?.loyaltyPoints ?? 0, pointValueMinor },
    tierShipping,
  );
  const finalRequest: QuoteRequest | null = destination
    ? {
        currency,
        destination,
        lines: lineAmounts(discounted.lines.map((l) => l.amountAfterDiscounts.amountMinor)),
        shippingMethodCode: choices.shippingMethodCode,
        shippingDiscountMinor: discounted.shippingDiscount.amountMinor,
      }
    : null;
  // When no discount changed the tax base or the shipping discount, the final quote's input is
  // the first quote's: its answer is reused instead of asking the catalog the same thing twice.
  const quote = finalRequest
    ? firstQuote && firstRequest && sameQuoteRequest(firstRequest, finalRequest)
      ? firstQuote
      : await fetchQuote(runtime, finalRequest)
    : null;
  const shipping = quote?.shipping ?? null;
  const totals = summarizeTotals(discounted, {
    shippingPrice: shipping ? money(BigInt(shipping.price.amountMinor), currency) : null,
    exclusiveTax: money(BigInt(quote?.exclusiveTaxTotal.amountMinor ?? '0'), currency),
    taxTotal: money(BigInt(quote?.taxTotal.amountMinor ?? '0'), currency),
  });
  return {
    facts,
    promotionInput,
    promotions,
    discounted,
    quote,
    shippingOptions: quote?.shippingOptions ?? [],
    shipping,
    totals,
    pointValueMinor,
  };
}
