import type { FlowScenario } from './checkout-flow.js';
import { catalogSkus, serviceHeaders, stockDeeply } from './fixtures.js';
import { type HttpScenario, paced } from './harness.js';
import { addToCart, updateCheckoutState } from './order.js';

/** Issue 2/3: a product listing page of 20 products with variants, prices and availability. */
export const productListing: HttpScenario = {
  name: 'product listing page (20 products, prices, availability)',
  concurrency: 32,
  async prepare() {
    return {
      body: JSON.stringify({
        query: `query ProductListing {
          products(first: 20) {
            edges { node { id name slug variants { sku price(currency: USD) { unitPrice { amount currencyCode } } availability { available inStock } } } }
          }
        }`,
      }),
    };
  },
};

/** Issue 3: the order subgraph's one-call pricing of a 50-line cart, straight to catalog. */
export const batchPricing: HttpScenario = {
  name: 'catalog: price a 50-line cart (service call)',
  concurrency: 32,
  async prepare(env) {
    const skus = await catalogSkus(env, 50, 'first');
    return {
      url: env.subgraphUrl('catalog'),
      headers: serviceHeaders(env),
      body: JSON.stringify({
        query:
          'query($input: PriceLinesInput!) { internalPriceLines(input: $input) { sku price { unitPrice { amountMinor } lineTotal { amountMinor } } } }',
        variables: { input: { currency: 'USD', lines: skus.map((sku, i) => ({ sku, quantity: 1 + (i % 7) })) } },
      }),
    };
  },
};

/** Issue 3: the order subgraph's shipping and tax quote of a 50-line cart to the US (California), straight to catalog. */
export const checkoutQuote: HttpScenario = {
  name: 'catalog: quote shipping and tax for a 50-line cart (service call)',
  concurrency: 32,
  async prepare(env) {
    const skus = await catalogSkus(env, 50, 'first');
    return {
      url: env.subgraphUrl('catalog'),
      headers: serviceHeaders(env),
      body: JSON.stringify({
        query: `query($input: CheckoutQuoteInput!) { internalCheckoutQuote(input: $input) {
          shippingOptions { code price { amountMinor } } shipping { code } taxLines { key amount { amountMinor } } taxTotal { amountMinor } exclusiveTaxTotal { amountMinor } } }`,
        variables: {
          input: {
            currency: 'USD',
            destination: { countryCode: 'US', region: 'CA' },
            lines: skus.map((sku, i) => ({ key: `l${i}`, sku, quantity: 1 + (i % 3), amountMinor: String(1500 + i * 91) })),
            shippingMethodCode: 'STANDARD',
          },
        },
      }),
    };
  },
};

/**
 * The floor under every subgraph call: `{ __typename }` straight to the inventory subgraph, 32
 * callers closed loop. It passes through HTTP, the request id, Apollo Server and GraphQL execution
 * but touches no database, so its CPU per request is what any call costs before doing any work.
 */
export const subgraphFloor: HttpScenario = {
  name: 'inventory: { __typename } (floor: HTTP and GraphQL, no database)',
  concurrency: 32,
  async prepare(env) {
    return { url: env.subgraphUrl('inventory'), body: JSON.stringify({ query: '{ __typename }' }) };
  },
};

const RESERVATION_SKUS = 50;
let reservationCounter = 0;

/**
 * Issue 5: a 5-line all-or-nothing reservation, as the order subgraph makes it at checkout,
 * straight to the inventory subgraph with the service credential. Setup stocks 50 SKUs deeply so
 * the run measures holding stock, not running out of it; each request picks 5 distinct SKUs.
 */
export const fiveLineReservation: HttpScenario = {
  name: 'inventory: reserve 5 lines (service call)',
  concurrency: 32,
  async prepare(env) {
    const skus = (await catalogSkus(env, 20)).slice(0, RESERVATION_SKUS);
    await stockDeeply(env, skus);
    const query =
      'mutation($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id } shortLines { sku } userErrors { code } } }';
    return {
      url: env.subgraphUrl('inventory'),
      headers: serviceHeaders(env),
      body: () => {
        const n = reservationCounter++;
        const lines = Array.from({ length: 5 }, (_, i) => ({ sku: skus[(n * 7 + i * 11) % skus.length]!, quantity: 1 }));
        return JSON.stringify({ query, variables: { input: { owner: `bench-${n}`, idempotencyKey: `bench-${process.pid}-${n}`, lines } } });
      },
    };
  },
};

/**
 * Every HTTP scenario `npm run bench` runs, in order. The reservation and order scenarios run
 * closed loop (each caller sends again the moment it is answered: saturation throughput, where
 * latency is queueing) and paced at random times (latency at a stated load): shoppers acting once a
 * second each on average; reservation callers once, three and ten times a second each (32, 96 and
 * 320 checkouts a second), and one caller alone in a closed loop (the service time, with no queue).
 */
export const HTTP_SCENARIOS: HttpScenario[] = [
  productListing,
  batchPricing,
  checkoutQuote,
  subgraphFloor,
  fiveLineReservation,
  { ...fiveLineReservation, concurrency: 1, name: `${fiveLineReservation.name}, one caller` },
  paced(fiveLineReservation, 1),
  paced(fiveLineReservation, 3),
  paced(fiveLineReservation, 10),
  addToCart,
  paced(addToCart, 1),
  updateCheckoutState,
  paced(updateCheckoutState, 1),
];

/**
 * Issue 15 and BENCH-FLOW.md: the full shopper flow, each checkout a new guest through the gateway
 * to a captured order. One shopper alone (the service time, no queue), 32 shoppers closed loop
 * (checkouts per second), and 32 shoppers each doing one step a second on average (the latency of
 * each step, confirm above all, at a stated load).
 */
export const FLOW_SCENARIOS: FlowScenario[] = [
  { name: 'checkout flow (1 shopper)', shoppers: 1 },
  { name: 'checkout flow (32 shoppers)', shoppers: 32 },
  { name: 'checkout flow (32 shoppers, paced 1 step/s each)', shoppers: 32, stepsPerSecond: 1 },
];
