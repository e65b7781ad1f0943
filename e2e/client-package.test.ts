import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ConfirmCheckoutMutation,
  LoginDocument,
  MeDocument,
  OrderStatusChangedDocument,
  type OrderStatusChangedSubscription,
  ProductListingDocument,
  RefreshTokenDocument,
  RegisterDocument,
  ShopgraphError,
  StartGuestSessionDocument,
  createShopgraphClient,
  formatMoney,
} from '@shopgraph/client';
import { type TestStack, startStack } from '@shopgraph/testing';
import { checkoutKit } from './checkout-kit.js';
import { shopKit } from './shop-kit.js';
import { STACK_APPS } from '../scripts/src/stack-apps.js';

/** A promise and the functions that settle it: tests wait for a signal, never a clock. */
function signal<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Issue 22, item 2: the typed client against a running stack — typed queries and mutations,
 * one token refresh on TOKEN_EXPIRED (none on TOKEN_INVALID), idempotent confirmation, and a
 * subscription whose refused connection reconnects with a refreshed token.
 */
describe('@shopgraph/client', () => {
  let stack: TestStack;
  const expired = (subject: string) =>
    stack.subgraphs.customer.runtime.signer!.sign(subject, { role: 'customer' }, -60).then((t) => t.token);

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends typed documents and refreshes an expired access token once', async () => {
    const anonymous = createShopgraphClient({ url: stack.gateway.url });
    const listing = await anonymous.request(ProductListingDocument, { first: 3 });
    expect(listing.products.edges).toHaveLength(3);

    const email = `client.${Date.now()}@example.com`;
    const registered = (
      await anonymous.request(RegisterDocument, { input: { email, password: 'client-pass-42', firstName: 'Cli', lastName: 'Ent' } })
    ).register;
    expect(registered.userErrors).toEqual([]);

    const session = { access: await expired(registered.customer!.id), refresh: registered.refreshToken! };
    let refreshes = 0;
    const client = createShopgraphClient({
      url: stack.gateway.url,
      getToken: () => session.access,
      refreshToken: async () => {
        refreshes++;
        const answer = (await anonymous.request(RefreshTokenDocument, { input: { refreshToken: session.refresh } })).refreshToken;
        session.access = answer.token!.accessToken;
        session.refresh = answer.refreshToken!;
        return session.access;
      },
    });
    // Two requests at once with an expired token share one refresh (refresh tokens rotate: a second would fail).
    const [a, b] = await Promise.all([client.request(MeDocument), client.request(MeDocument)]);
    expect(a.me?.email).toBe(email);
    expect(b.me?.email).toBe(email);
    expect(refreshes).toBe(1);

    const invalid = createShopgraphClient({
      url: stack.gateway.url,
      getToken: () => 'not-a-token',
      refreshToken: async () => {
        refreshes++;
        return 'never-used';
      },
    });
    const error = await invalid.request(MeDocument).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopgraphError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(refreshes).toBe(1);

    const login = (await anonymous.request(LoginDocument, { input: { email, password: 'wrong-password-1' } })).login;
    expect(login.userErrors.length).toBeGreaterThan(0);
  });

  it('confirms a checkout with one idempotency key, and the same key returns the same order', async () => {
    const kit = shopKit(stack);
    const checkout = checkoutKit(stack, kit.admin);
    const client = createShopgraphClient({ url: stack.gateway.url });
    const token = (await client.request(StartGuestSessionDocument)).startGuestSession.token.accessToken;
    const listing = await stack.client.data(ProductListingDocument, { first: 20 });
    const variant = listing.products.edges.flatMap((e) => e.node.variants).find((v) => v.availability.available >= 1)!;
    const preview = await checkout.ready(token, [{ sku: variant.sku, quantity: 1 }], { email: 'client@example.com' });

    const shopper = createShopgraphClient({ url: stack.gateway.url, getToken: () => token });
    const expectedTotal = { amountMinor: preview.totals.total.amountMinor, currencyCode: preview.totals.total.currencyCode };
    const first = await shopper.confirmCheckout({ checkoutSessionId: preview.id, expectedTotal });
    expect(first.userErrors).toEqual([]);
    expect(first.state).toBe('COMPLETED');
    expect(first.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const again: ConfirmCheckoutMutation['confirmCheckout'] = await shopper.confirmCheckout({
      checkoutSessionId: preview.id,
      expectedTotal,
      idempotencyKey: first.idempotencyKey,
    });
    expect(again.order?.id).toBe(first.order!.id);
    expect(again.order?.payment?.captured.amountMinor).toBe(first.order!.total.amountMinor);
    expect(formatMoney(first.order!.total)).toMatch(/₫/);
  });

  it('reconnects a subscription with a refreshed token when the server refuses the first one', async () => {
    const kit = shopKit(stack);
    const checkout = checkoutKit(stack, kit.admin);
    const customer = await kit.customer('client-ws');
    const listing = await stack.client.data(ProductListingDocument, { first: 20 });
    const variant = listing.products.edges.flatMap((e) => e.node.variants).find((v) => v.availability.available >= 1)!;
    const order = (await checkout.confirm(customer.token, await checkout.ready(customer.token, [{ sku: variant.sku, quantity: 1 }])))
      .order!;

    let token = await expired(customer.id);
    let refreshes = 0;
    const client = createShopgraphClient({
      url: stack.gateway.url,
      wsUrl: stack.gateway.wsUrl,
      getToken: () => token,
      refreshToken: async () => {
        refreshes++;
        token = customer.token;
        return token;
      },
    });
    const event = signal<OrderStatusChangedSubscription['orderStatusChanged']>();
    const stop = client.subscribe(
      OrderStatusChangedDocument,
      { orderId: order.id },
      {
        next: (data) => event.resolve(data.orderStatusChanged),
        error: (error) => event.reject(error),
      },
    );
    try {
      expect(await event.promise).toMatchObject({ orderId: order.id, status: 'CONFIRMED' });
      expect(refreshes).toBe(1);
    } finally {
      stop();
      await client.dispose();
    }
  });
});
