import { describe, expect, it } from '@jest/globals';
import { money } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { type CheckoutChoices, type CheckoutFacts, computeCheckout } from '../../src/services/checkout-totals.service.js';
import type { CustomerContext } from '../../src/services/customer.client.js';
import { type QuoteRequest, sameQuoteRequest } from '../../src/services/quote.client.js';

const vnd = (n: number) => money(BigInt(n), 'VND');
const option = (code: string, price: number) => ({
  code,
  name: code,
  description: code,
  price: { amountMinor: String(price) },
  freeShippingThreshold: null,
  estimatedDaysMin: 1,
  estimatedDaysMax: 3,
});

type Call = { target: string; query: string; variables: Record<string, unknown> };

/**
 * A runtime whose catalog quotes 10% exclusive tax on the line amounts it is sent and whose
 * promotion engine answers `promotion`; every call is recorded.
 */
function fakeRuntime(promotion: (input: { shippingAmountMinor: bigint }) => unknown): { runtime: SubgraphRuntime; calls: Call[] } {
  const calls: Call[] = [];
  const client = (target: string) => ({
    request: async (query: string, variables: Record<string, unknown> = {}) => {
      calls.push({ target, query, variables });
      if (/internalCheckoutQuote/.test(query)) {
        const input = variables.input as {
          lines: { key: string; amountMinor: bigint }[];
          shippingMethodCode: string | null;
          shippingDiscountMinor: bigint;
        };
        const tax = input.lines.reduce((n, l) => n + l.amountMinor / 10n, 0n);
        const options = [option('STANDARD', 30_000), option('EXPRESS', 60_000)];
        const shipping = options.find((o) => o.code === input.shippingMethodCode) ?? null;
        const shippingTax = shipping ? (BigInt(shipping.price.amountMinor) - input.shippingDiscountMinor) / 10n : 0n;
        return {
          internalCheckoutQuote: {
            shippingOptions: options,
            shipping,
            taxLines: input.lines.map((l) => ({
              key: l.key,
              ratePercent: '10',
              inclusive: false,
              amount: { amountMinor: String(l.amountMinor / 10n) },
            })),
            shippingTax: { amountMinor: String(shippingTax) },
            taxTotal: { amountMinor: String(tax + shippingTax) },
            exclusiveTaxTotal: { amountMinor: String(tax + shippingTax) },
          },
        };
      }
      if (/evaluatePromotions/.test(query)) {
        const input = variables.input as { cart: { shippingAmountMinor: bigint } };
        return { evaluatePromotions: promotion({ shippingAmountMinor: input.cart.shippingAmountMinor }) };
      }
      throw new Error(`unexpected call to ${target}`);
    },
  });
  return { runtime: { client } as unknown as SubgraphRuntime, calls };
}

const noPromotion = () => ({ applied: [], rejected: [], unknownCodes: [] });

function facts(context: CustomerContext | null = null): CheckoutFacts {
  const line = (key: string, unit: number, quantity: number) => ({
    key,
    sku: key.toUpperCase(),
    quantity,
    productId: `p-${key}`,
    name: key,
    categoryId: null,
    sellable: true,
    unitPrice: vnd(unit),
    lineTotal: vnd(unit * quantity),
  });
  return {
    currency: 'VND',
    customerId: context?.customerId ?? null,
    context,
    variants: new Map(),
    lines: [line('a', 100_000, 2), line('b', 50_000, 1)],
  };
}

const address = {
  fullName: 'Ana',
  line1: '1 Le Loi',
  line2: null,
  city: 'District 1',
  region: 'Ho Chi Minh',
  postalCode: null,
  countryCode: 'VN',
  phone: null,
  savedAddressId: null,
};
const choices = (over: Partial<CheckoutChoices> = {}): CheckoutChoices => ({
  shippingAddress: address,
  shippingMethodCode: 'STANDARD',
  promotionCodes: [],
  loyaltyPoints: 0,
  ...over,
});
const quotes = (calls: Call[]) => calls.filter((c) => /internalCheckoutQuote/.test(c.query));

function context(over: Partial<CustomerContext> = {}): CustomerContext {
  return {
    customerId: 'c1',
    email: 'c1@example.com',
    addresses: [],
    paymentMethods: [],
    loyaltyPoints: 0,
    loyaltyValue: { amountMinor: '0', currencyCode: 'VND' },
    segments: [],
    tier: 'BRONZE',
    benefits: { pointsMultiplierPercent: 100, freeStandardShipping: false },
    ...over,
  };
}

describe('checkout quote reuse', () => {
  it("asks the catalog once when no discount changes the quote input, and the totals are the quote's", async () => {
    const { runtime, calls } = fakeRuntime(noPromotion);
    const c = await computeCheckout(runtime, facts(), choices());
    expect(quotes(calls)).toHaveLength(1);
    expect(calls.map((x) => x.target)).toEqual(['catalog', 'promotion']);
    // 250 000 merchandise + 30 000 shipping + 10% tax on both.
    expect(c.totals.total.amountMinor).toBe(250_000n + 30_000n + 25_000n + 3_000n);
    expect(c.shipping?.code).toBe('STANDARD');
  });

  it('quotes again on the discounted lines when a promotion takes money off a line', async () => {
    const { runtime, calls } = fakeRuntime(() => ({
      applied: [
        {
          promotionId: 'p1',
          code: 'TEN',
          amount: { amountMinor: '20000' },
          lines: [{ lineId: 'a', amount: { amountMinor: '20000' } }],
          shippingAmount: { amountMinor: '0' },
        },
      ],
      rejected: [],
      unknownCodes: [],
    }));
    const c = await computeCheckout(runtime, facts(), choices({ promotionCodes: ['TEN'] }));
    const sent = quotes(calls);
    expect(sent).toHaveLength(2);
    const lines = (sent[1]!.variables.input as { lines: { key: string; amountMinor: bigint }[] }).lines;
    expect(lines.map((l) => l.amountMinor)).toEqual([180_000n, 50_000n]);
    expect(c.totals.tax.amountMinor).toBe(18_000n + 5_000n + 3_000n);
    expect(c.totals.total.amountMinor).toBe(230_000n + 30_000n + 26_000n);
  });

  it('quotes again when only the shipping discount changes (free-shipping promotion or tier benefit)', async () => {
    const promo = fakeRuntime(({ shippingAmountMinor }) => ({
      applied: [
        {
          promotionId: 'ship',
          code: null,
          amount: { amountMinor: String(shippingAmountMinor) },
          lines: [],
          shippingAmount: { amountMinor: String(shippingAmountMinor) },
        },
      ],
      rejected: [],
      unknownCodes: [],
    }));
    const a = await computeCheckout(promo.runtime, facts(), choices());
    expect(quotes(promo.calls)).toHaveLength(2);
    expect((quotes(promo.calls)[1]!.variables.input as { shippingDiscountMinor: bigint }).shippingDiscountMinor).toBe(30_000n);
    expect(a.totals.total.amountMinor).toBe(250_000n + 25_000n);

    const tier = fakeRuntime(noPromotion);
    const b = await computeCheckout(
      tier.runtime,
      facts(context({ benefits: { pointsMultiplierPercent: 100, freeStandardShipping: true } })),
      choices(),
    );
    expect(quotes(tier.calls)).toHaveLength(2);
    expect(b.totals.total.amountMinor).toBe(250_000n + 25_000n);
  });

  it('quotes again when loyalty points lower the tax base', async () => {
    const { runtime, calls } = fakeRuntime(noPromotion);
    const ctx = context({ loyaltyPoints: 1_000, loyaltyValue: { amountMinor: '10000', currencyCode: 'VND' } });
    const c = await computeCheckout(runtime, facts(ctx), choices({ loyaltyPoints: 500 }));
    expect(quotes(calls)).toHaveLength(2);
    expect(c.totals.loyaltyDiscount.amountMinor).toBe(5_000n);
  });

  it('quotes once (the final quote only) without a method, and not at all without an address', async () => {
    const noMethod = fakeRuntime(noPromotion);
    await computeCheckout(noMethod.runtime, facts(), choices({ shippingMethodCode: null }));
    expect(quotes(noMethod.calls)).toHaveLength(1);
    const noAddress = fakeRuntime(noPromotion);
    await computeCheckout(noAddress.runtime, facts(), choices({ shippingAddress: null, shippingMethodCode: null }));
    expect(quotes(noAddress.calls)).toHaveLength(0);
  });
});

describe('sameQuoteRequest', () => {
  const base: QuoteRequest = {
    currency: 'VND',
    destination: { countryCode: 'VN', region: 'Ho Chi Minh', postalCode: null },
    lines: [
      { key: 'a', sku: 'A', quantity: 2, amountMinor: 200_000n },
      { key: 'b', sku: 'B', quantity: 1, amountMinor: 50_000n },
    ],
    shippingMethodCode: 'STANDARD',
    shippingDiscountMinor: 0n,
  };

  it('is true for the same input (absent and null region or postal code alike)', () => {
    expect(sameQuoteRequest(base, { ...base, lines: base.lines.map((l) => ({ ...l })) })).toBe(true);
    expect(sameQuoteRequest({ ...base, destination: { countryCode: 'VN', region: 'Ho Chi Minh' } }, base)).toBe(true);
  });

  it('is false as soon as anything the catalog reads differs', () => {
    const variants: QuoteRequest[] = [
      { ...base, currency: 'USD' },
      { ...base, destination: { ...base.destination, countryCode: 'US' } },
      { ...base, destination: { ...base.destination, region: 'Ha Noi' } },
      { ...base, destination: { ...base.destination, postalCode: '700000' } },
      { ...base, shippingMethodCode: 'EXPRESS' },
      { ...base, shippingMethodCode: null },
      { ...base, shippingDiscountMinor: 1n },
      { ...base, lines: base.lines.slice(0, 1) },
      { ...base, lines: [{ ...base.lines[0]!, amountMinor: 199_999n }, base.lines[1]!] },
      { ...base, lines: [{ ...base.lines[0]!, quantity: 3 }, base.lines[1]!] },
      { ...base, lines: [{ ...base.lines[0]!, key: 'x' }, base.lines[1]!] },
      { ...base, lines: [{ ...base.lines[0]!, sku: 'X' }, base.lines[1]!] },
      { ...base, lines: [base.lines[1]!, base.lines[0]!] },
    ];
    for (const v of variants) expect(sameQuoteRequest(base, v)).toBe(false);
  });
});
