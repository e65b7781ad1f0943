import { randomUUID } from 'node:crypto';
import { catalogSkus, stockDeeply } from './fixtures.js';
import type { BenchEnv } from './harness.js';

/**
 * The requests of one checkout, in the order a shopper sends them (BENCH-FLOW.md, "Ours, step for
 * step"). The peer's eight requests are seven here: the answer to the address lists the shipping
 * methods, and the payment is chosen with the method.
 */
export const CHECKOUT_STEPS = [
  { name: 'guest session', operation: 'startGuestSession' },
  { name: 'add A', operation: 'addCartItem' },
  { name: 'add B', operation: 'addCartItem' },
  { name: 'start checkout', operation: 'startCheckout' },
  { name: 'email + address', operation: 'updateCheckoutState' },
  { name: 'shipping + card', operation: 'updateCheckoutState' },
  { name: 'confirm', operation: 'confirmCheckout' },
] as const;

/** The name of one step of a checkout. */
export type StepName = (typeof CHECKOUT_STEPS)[number]['name'];

/**
 * Sends one step's request and answers its `data`; throws on a transport failure, a non-2xx
 * answer or GraphQL errors. The driver decides when it is sent and how its latency is counted.
 */
export type SendStep = <T>(step: StepName, query: string, variables: Record<string, unknown>, token?: string) => Promise<T>;

/** A checkout that did not end in a confirmed, captured order: the step that refused and why. */
export class CheckoutFailed extends Error {
  constructor(
    readonly step: StepName,
    detail: string,
  ) {
    super(`checkout flow, ${step}: ${detail}`);
  }
}

type UserErrors = { userErrors: { code: string }[] };
type Total = { amountMinor: string; currencyCode: string };

const SESSION = 'mutation { startGuestSession { token { accessToken } } }';
const ADD =
  'mutation($input: AddCartItemInput!) { addCartItem(input: $input) { cart { id itemCount subtotal { amountMinor currencyCode } lines { sku quantity lineTotal { amountMinor } } } userErrors { code } } }';
const START =
  'mutation { startCheckout { checkoutSession { id expiresAt totals { total { amountMinor currencyCode } } } userErrors { code } } }';
const UPDATE = `mutation($input: UpdateCheckoutStateInput!) { updateCheckoutState(input: $input) {
  checkoutSession { id shippingOptions { code name price { amountMinor } } shippingMethod { code }
    totals { subtotal { amountMinor } discountTotal { amountMinor } shipping { amountMinor } tax { amountMinor } total { amountMinor currencyCode } } }
  userErrors { code } } }`;
const CONFIRM = `mutation($input: ConfirmCheckoutInput!) { confirmCheckout(input: $input) {
  state declineCode order { id number status total { amountMinor currencyCode } payment { status captured { amountMinor } } }
  userErrors { code } } }`;

/** A Vietnamese address in the seeded DOMESTIC zone. */
const ADDRESS = {
  fullName: 'Bench Shopper',
  line1: '1 Le Loi',
  city: 'District 1',
  region: 'Ho Chi Minh',
  postalCode: '700000',
  countryCode: 'VN',
};
/** The simulator's card that authorizes and captures. */
const CARD = { providerToken: 'tok_visa', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 };

function refused(step: StepName, answer: UserErrors): void {
  if (answer.userErrors.length > 0) throw new CheckoutFailed(step, answer.userErrors.map((e) => e.code).join(', '));
}

/**
 * One new guest's checkout of one unit each of two SKUs: resolves once the order is CONFIRMED
 * with its whole total captured, and throws `CheckoutFailed` (or the transport's error) otherwise.
 */
export async function checkout(send: SendStep, skus: readonly [string, string], email: string): Promise<void> {
  const token = (await send<{ startGuestSession: { token: { accessToken: string } } }>('guest session', SESSION, {})).startGuestSession
    .token.accessToken;
  for (const [step, sku] of [
    ['add A', skus[0]],
    ['add B', skus[1]],
  ] as const) {
    refused(step, (await send<{ addCartItem: UserErrors }>(step, ADD, { input: { sku, quantity: 1 } }, token)).addCartItem);
  }
  const started = (
    await send<{ startCheckout: UserErrors & { checkoutSession: { id: string } | null } }>('start checkout', START, {}, token)
  ).startCheckout;
  refused('start checkout', started);
  const id = started.checkoutSession!.id;
  type Updated = {
    updateCheckoutState: UserErrors & { checkoutSession: { shippingOptions: { code: string }[]; totals: { total: Total } } };
  };
  const addressed = (
    await send<Updated>(
      'email + address',
      UPDATE,
      { input: { checkoutSessionId: id, email, shippingAddress: { address: ADDRESS } } },
      token,
    )
  ).updateCheckoutState;
  refused('email + address', addressed);
  const method = addressed.checkoutSession.shippingOptions[0];
  if (!method) throw new CheckoutFailed('email + address', 'no shipping option for the address');
  const ready = (
    await send<Updated>(
      'shipping + card',
      UPDATE,
      { input: { checkoutSessionId: id, shippingMethodCode: method.code, payment: { card: CARD } } },
      token,
    )
  ).updateCheckoutState;
  refused('shipping + card', ready);
  const total = ready.checkoutSession.totals.total;
  type Confirmed = {
    confirmCheckout: UserErrors & {
      state: string;
      order: { status: string; total: Total; payment: { status: string; captured: { amountMinor: string } } | null } | null;
    };
  };
  const confirmed = (
    await send<Confirmed>(
      'confirm',
      CONFIRM,
      { input: { checkoutSessionId: id, idempotencyKey: randomUUID(), expectedTotal: total } },
      token,
    )
  ).confirmCheckout;
  refused('confirm', confirmed);
  const order = confirmed.order;
  const captured = order?.payment?.status === 'PAID' && order.payment.captured.amountMinor === order.total.amountMinor;
  if (confirmed.state !== 'COMPLETED' || order?.status !== 'CONFIRMED' || !captured)
    throw new CheckoutFailed(
      'confirm',
      `ended ${confirmed.state}, order ${order?.status ?? 'none'}, payment ${order?.payment?.status ?? 'none'}`,
    );
}

/** As many variants as the peer's catalogue holds. */
const CATALOGUE_VARIANTS = 88;
let catalogue: Promise<string[]> | undefined;

/**
 * The SKUs shoppers pick from: the first 88 variants of the listing, each stocked with a million
 * more units once per bench process, so no run measures running out of stock.
 */
export function checkoutCatalogue(env: BenchEnv): Promise<string[]> {
  catalogue ??= (async () => {
    const skus = (await catalogSkus(env, 40)).slice(0, CATALOGUE_VARIANTS);
    await stockDeeply(env, skus);
    return skus;
  })();
  return catalogue;
}
