import type { HttpScenario } from './harness.js';

/** Issue 2/3: a product listing page of 20 products with variants, prices and availability. */
export const productListing: HttpScenario = {
  name: 'product listing page (20 products, prices, availability)',
  concurrency: 32,
  async prepare() {
    return {
      body: JSON.stringify({
        query: `query ProductListing {
          products(first: 20) {
            edges { node { id name slug variants { sku basePrice { amount currencyCode } availability { available inStock } } } }
          }
        }`,
      }),
    };
  },
};

/** Every HTTP scenario `npm run bench` runs, in order. */
export const HTTP_SCENARIOS: HttpScenario[] = [productListing];
