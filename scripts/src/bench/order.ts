import { catalogSkus, stockDeeply } from './fixtures.js';
import type { BenchEnv, HttpScenario } from './harness.js';

/** Simulated shoppers per scenario: one connection each, each with its own token. */
const SHOPPERS = 32;
const SKUS = 40;

/** SKUs with deep stock so the runs measure the cart and checkout, not running out of stock. */
async function stockedSkus(env: BenchEnv): Promise<string[]> {
  const skus = (await catalogSkus(env, 60)).slice(-SKUS);
  await stockDeeply(env, skus);
  return skus;
}

async function guests(env: BenchEnv, n: number): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: n },
      async () =>
        (
          await env.graphql<{ startGuestSession: { token: { accessToken: string } } }>(
            'mutation { startGuestSession { token { accessToken } } }',
          )
        ).startGuestSession.token.accessToken,
    ),
  );
}

const ADD =
  'mutation($input: AddCartItemInput!) { addCartItem(input: $input) { cart { id itemCount subtotal { amountMinor } lines { sku quantity lineTotal { amountMinor } } } userErrors { code } } }';
let addCounter = 0;

/**
 * Issue 7: add-to-cart through the gateway, 32 guests at once, each adding one unit of a rotating
 * SKU to its own cart (a cart of up to 40 lines priced in full on every answer).
 */
export const addToCart: HttpScenario = {
  name: 'order: addCartItem (32 shoppers, own carts)',
  concurrency: SHOPPERS,
  async prepare(env) {
    const skus = await stockedSkus(env);
    const tokens = await guests(env, SHOPPERS);
    return {
      body: (caller) => {
        const n = addCounter++;
        return {
          body: JSON.stringify({ query: ADD, variables: { input: { sku: skus[Math.floor(n / SHOPPERS) % skus.length]!, quantity: 1 } } }),
          headers: { authorization: `Bearer ${tokens[caller ?? n % SHOPPERS]!}` },
        };
      },
    };
  },
};

const UPDATE = `mutation($input: UpdateCheckoutStateInput!) {
  updateCheckoutState(input: $input) {
    checkoutSession { id totals { subtotal { amountMinor } discountTotal { amountMinor } shipping { amountMinor } tax { amountMinor } total { amountMinor } } }
    userErrors { code }
  }
}`;
let updateCounter = 0;

/**
 * Issue 7: updateCheckoutState through the gateway, 32 customers at once, each on its own open
 * checkout of 5 lines with a shipping address and the STANDARD method; every call changes the note and recomputes the
 * totals preview (prices, promotions, shipping and tax).
 */
export const updateCheckoutState: HttpScenario = {
  name: 'order: updateCheckoutState (32 customers, 5 lines)',
  concurrency: SHOPPERS,
  async prepare(env) {
    const skus = await stockedSkus(env);
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async (_, i) => {
        const email = `bench.checkout.${process.pid}.${Date.now()}.${i}@example.com`;
        const reg = await env.graphql<{ register: { token: { accessToken: string } } }>(
          'mutation($input: RegisterInput!) { register(input: $input) { token { accessToken } } }',
          { input: { email, password: 'bench-password-42', firstName: 'Bench', lastName: `Shopper ${i}` } },
        );
        const token = reg.register.token.accessToken;
        for (let k = 0; k < 5; k++) await env.graphql(ADD, { input: { sku: skus[(i + k * 7) % skus.length]!, quantity: 1 } }, token);
        const started = await env.graphql<{ startCheckout: { checkoutSession: { id: string } | null; userErrors: unknown[] } }>(
          'mutation { startCheckout { checkoutSession { id } userErrors { code message } } }',
          {},
          token,
        );
        if (!started.startCheckout.checkoutSession)
          throw new Error(`startCheckout failed: ${JSON.stringify(started.startCheckout.userErrors)}`);
        const id = started.startCheckout.checkoutSession.id;
        await env.graphql(
          UPDATE,
          {
            input: {
              checkoutSessionId: id,
              shippingAddress: {
                address: { fullName: 'Bench', line1: '1 Le Loi', city: 'District 1', region: 'Ho Chi Minh', countryCode: 'VN' },
              },
              shippingMethodCode: 'STANDARD',
            },
          },
          token,
        );
        return { token, id };
      }),
    );
    return {
      body: (caller) => {
        const n = updateCounter++;
        const shopper = shoppers[caller ?? n % SHOPPERS]!;
        return {
          body: JSON.stringify({ query: UPDATE, variables: { input: { checkoutSessionId: shopper.id, notes: `bench note ${n}` } } }),
          headers: { authorization: `Bearer ${shopper.token}` },
        };
      },
    };
  },
};
