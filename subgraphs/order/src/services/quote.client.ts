import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** A shipping method offered for a destination, priced in the checkout currency. */
export interface ShippingOptionInfo {
  code: string;
  name: string;
  description: string;
  price: { amountMinor: string };
  freeShippingThreshold: { amountMinor: string } | null;
  estimatedDaysMin: number;
  estimatedDaysMax: number;
}

/** The catalog's shipping and tax quote (`internalCheckoutQuote`, /work/briefs/quote-spec.md). */
export interface CheckoutQuote {
  shippingOptions: ShippingOptionInfo[];
  shipping: ShippingOptionInfo | null;
  taxLines: { key: string; ratePercent: string; inclusive: boolean; amount: { amountMinor: string } }[];
  shippingTax: { amountMinor: string };
  taxTotal: { amountMinor: string };
  exclusiveTaxTotal: { amountMinor: string };
}

/** What to quote: lines at their amounts after discounts (the tax base), for one destination. */
export interface QuoteRequest {
  currency: CurrencyCode;
  destination: { countryCode: string; region?: string | null; postalCode?: string | null };
  lines: { key: string; sku: string; quantity: number; amountMinor: bigint }[];
  shippingMethodCode: string | null;
  shippingDiscountMinor: bigint;
}

const OPTION = 'code name description price { amountMinor } freeShippingThreshold { amountMinor } estimatedDaysMin estimatedDaysMax';

/** Shipping options, the chosen method's price and every tax, in one call to the catalog. */
export async function fetchQuote(runtime: SubgraphRuntime, request: QuoteRequest): Promise<CheckoutQuote> {
  const data = await runtime.client('catalog').request<{ internalCheckoutQuote: CheckoutQuote }>(
    `query InternalCheckoutQuote($input: CheckoutQuoteInput!) {
      internalCheckoutQuote(input: $input) {
        shippingOptions { ${OPTION} }
        shipping { ${OPTION} }
        taxLines { key ratePercent inclusive amount { amountMinor } }
        shippingTax { amountMinor } taxTotal { amountMinor } exclusiveTaxTotal { amountMinor }
      }
    }`,
    {
      input: {
        currency: request.currency,
        destination: {
          countryCode: request.destination.countryCode,
          region: request.destination.region ?? null,
          postalCode: request.destination.postalCode ?? null,
        },
        lines: request.lines,
        shippingMethodCode: request.shippingMethodCode,
        shippingDiscountMinor: request.shippingDiscountMinor,
      },
    },
  );
  return data.internalCheckoutQuote;
}

/**
 * Whether two quote requests are the same input (currency, destination, method, shipping
 * discount and every line's key, SKU, quantity and amount, in order): the catalog's answer to
 * one is then its answer to the other, so a request already answered need not be sent again.
 */
export function sameQuoteRequest(a: QuoteRequest, b: QuoteRequest): boolean {
  return (
    a.currency === b.currency &&
    a.destination.countryCode === b.destination.countryCode &&
    (a.destination.region ?? null) === (b.destination.region ?? null) &&
    (a.destination.postalCode ?? null) === (b.destination.postalCode ?? null) &&
    a.shippingMethodCode === b.shippingMethodCode &&
    a.shippingDiscountMinor === b.shippingDiscountMinor &&
    a.lines.length === b.lines.length &&
    a.lines.every((l, i) => {
      const m = b.lines[i]!;
      return l.key === m.key && l.sku === m.sku && l.quantity === m.quantity && l.amountMinor === m.amountMinor;
    })
  );
}
