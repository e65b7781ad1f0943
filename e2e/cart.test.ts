import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AddToCartDocument,
  LoginDocument,
  MergeGuestCartDocument,
  MyCartDocument,
  RemoveCartItemDocument,
  ShopperCartDocument,
  UpdateCartItemDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(30).flatMap((p) => p.variants.map((v) => v.sku));

/** Issue 7, cart: guests and customers, current prices, bounds, stock, merge, concurrency. */
describe('cart through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const add = async (token: string, sku: string, quantity: number) =>
    (await stack.client.data(AddToCartDocument, { input: { sku, quantity } }, { token })).addCartItem;
  const cartOf = async (token: string) => (await stack.client.data(ShopperCartDocument, {}, { token })).cart;

  it('prices lines at the current catalog price, with line and cart totals', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    await kit.setAvailable(a, 20);
    await kit.setAvailable(b, 20);
    await kit.setPrice(a, 120_000n);
    await kit.setPrice(b, 75_000n);
    const guest = await kit.guest();
    expect((await add(guest, a, 2)).userErrors).toEqual([]);
    const added = await add(guest, b, 3);
    expect(added.userErrors).toEqual([]);
    expect(added.cart).toMatchObject({
      status: 'ACTIVE',
      currency: 'VND',
      itemCount: 5,
      subtotal: { amountMinor: String(2n * 120_000n + 3n * 75_000n), currencyCode: 'VND' },
      warnings: [],
    });
    expect(added.cart!.lines.map((l) => [l.sku, l.quantity, l.unitPrice?.amountMinor, l.lineTotal?.amountMinor])).toEqual([
      [a, 2, '120000', '240000'],
      [b, 3, '75000', '225000'],
    ]);

    // The price changes after the line was added: the cart shows the new price and warns.
    await kit.setPrice(a, 130_000n);
    const later = await cartOf(guest);
    expect(later!.lines[0]).toMatchObject({ sku: a, unitPrice: { amountMinor: '130000' }, lineTotal: { amountMinor: '260000' } });
    expect(later!.lines[0]!.warnings.map((w) => w.code)).toEqual(['PRICE_CHANGED']);
    expect(later!.subtotal.amountMinor).toBe(String(260_000n + 225_000n));

    // Availability drops below the line: warned, with what is available.
    await kit.setAvailable(b, 1);
    const short = await cartOf(guest);
    expect(short!.lines[1]).toMatchObject({
      available: 1,
      warnings: [{ code: 'INSUFFICIENT_STOCK', message: expect.stringContaining('Only 1') }],
    });
  });

  it('refuses bad input with a clear user error and changes nothing', async () => {
    const sku = skus[2]!;
    await kit.setAvailable(sku, 3);
    const token = await kit.guest();
    expect((await add(token, sku, 1)).userErrors).toEqual([]);
    const before = await cartOf(token);

    const cases: [string, number, string, string[]][] = [
      ['SG-NOPE-0000', 1, 'NOT_FOUND', ['input', 'sku']],
      [sku, 0, 'INVALID_QUANTITY', ['input', 'quantity']],
      [sku, -2, 'INVALID_QUANTITY', ['input', 'quantity']],
      [sku, 1_000_000, 'INVALID_QUANTITY', ['input', 'quantity']],
      [sku, 3, 'INSUFFICIENT_STOCK', ['input', 'quantity']],
    ];
    for (const [s, q, code, field] of cases) {
      const result = await add(token, s, q);
      expect(result.cart).toBeNull();
      expect(result.userErrors).toEqual([{ code, field, message: expect.any(String) }]);
    }
    expect((await add(token, sku, 3)).userErrors[0]!.message).toContain('Only 3');

    const empty = skus[3]!;
    await kit.setAvailable(empty, 0);
    expect((await add(token, empty, 1)).userErrors).toEqual([
      { code: 'OUT_OF_STOCK', field: ['input', 'sku'], message: expect.stringContaining('0 available') },
    ]);

    const line = before!.lines[0]!;
    for (const quantity of [-1, 100]) {
      const bad = (await stack.client.data(UpdateCartItemDocument, { input: { lineId: line.id, quantity } }, { token })).updateCartItem;
      expect(bad.userErrors.map((e) => e.code)).toEqual(['INVALID_QUANTITY']);
    }
    expect(await cartOf(token)).toEqual(before);
  });

  it('updates and removes lines; another shopper cannot touch them', async () => {
    const [a, b] = [skus[4]!, skus[5]!];
    await kit.setAvailable(a, 10);
    await kit.setAvailable(b, 10);
    const owner = await kit.guest();
    await add(owner, a, 1);
    const cart = (await add(owner, b, 1)).cart!;
    const [lineA, lineB] = cart.lines;

    const intruder = await kit.guest();
    await add(intruder, a, 1);
    const stolen = (await stack.client.data(UpdateCartItemDocument, { input: { lineId: lineA!.id, quantity: 5 } }, { token: intruder }))
      .updateCartItem;
    expect(stolen.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const removedByIntruder = (await stack.client.data(RemoveCartItemDocument, { input: { lineId: lineB!.id } }, { token: intruder }))
      .removeCartItem;
    expect(removedByIntruder.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(await cartOf(owner)).toEqual(cart);

    const updated = (await stack.client.data(UpdateCartItemDocument, { input: { lineId: lineA!.id, quantity: 4 } }, { token: owner }))
      .updateCartItem;
    expect(updated.userErrors).toEqual([]);
    expect(updated.cart!.lines.map((l) => [l.sku, l.quantity])).toEqual([
      [a, 4],
      [b, 1],
    ]);
    const tooMany = (await stack.client.data(UpdateCartItemDocument, { input: { lineId: lineA!.id, quantity: 11 } }, { token: owner }))
      .updateCartItem;
    expect(tooMany.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    const zero = (await stack.client.data(UpdateCartItemDocument, { input: { lineId: lineA!.id, quantity: 0 } }, { token: owner }))
      .updateCartItem;
    expect(zero.cart!.lines.map((l) => l.sku)).toEqual([b]);
    const removed = (await stack.client.data(RemoveCartItemDocument, { input: { lineId: lineB!.id } }, { token: owner })).removeCartItem;
    expect(removed.cart).toMatchObject({ itemCount: 0, lines: [], subtotal: { amountMinor: '0' } });
  });

  it('never loses a concurrent add to the same cart', async () => {
    const sku = skus[6]!;
    await kit.setAvailable(sku, 50);
    const token = await kit.guest();
    const results = await Promise.all(Array.from({ length: 12 }, () => add(token, sku, 2)));
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    const cart = await cartOf(token);
    expect(cart!.lines.map((l) => [l.sku, l.quantity])).toEqual([[sku, 24]]);
  });

  it('merges the guest cart into the customer cart at login: summed, capped by availability, once', async () => {
    const [shared, guestOnly, capped] = [skus[7]!, skus[8]!, skus[9]!];
    await kit.setAvailable(shared, 30);
    await kit.setAvailable(guestOnly, 30);
    await kit.setAvailable(capped, 6);
    const guest = await kit.guest();
    await add(guest, shared, 2);
    await add(guest, guestOnly, 1);
    await add(guest, capped, 4);

    const registered = await kit.customer('merge');
    await add(registered.token, shared, 3);
    await add(registered.token, capped, 4);

    // The guest signs in; the frontend then merges the guest cart with the new access token.
    const login = await stack.client.data(LoginDocument, { input: { email: registered.email, password: 'checkout-pass-42' } });
    expect(login.login.userErrors).toEqual([]);
    const customer = { id: registered.id, token: login.login.token!.accessToken };

    const merged = (await stack.client.data(MergeGuestCartDocument, { input: { guestToken: guest } }, { token: customer.token }))
      .mergeGuestCart;
    expect(merged.userErrors).toEqual([]);
    expect(merged.cart!.lines.map((l) => [l.sku, l.quantity])).toEqual([
      [shared, 5],
      [capped, 6],
      [guestOnly, 1],
    ]);
    expect(merged.warnings).toEqual([{ code: 'QUANTITY_REDUCED', sku: capped, message: expect.stringContaining('kept 6 of the 8') }]);

    // The guest cart is gone from the guest's view (MERGED), and repeating the merge changes nothing.
    expect(await cartOf(guest)).toBeNull();
    const again = (await stack.client.data(MergeGuestCartDocument, { input: { guestToken: guest } }, { token: customer.token }))
      .mergeGuestCart;
    expect(again.cart!.lines.map((l) => [l.sku, l.quantity])).toEqual(merged.cart!.lines.map((l) => [l.sku, l.quantity]));

    // Customer.cart through federation is the same cart.
    const mine = await stack.client.data(MyCartDocument, {}, { token: customer.token });
    expect(mine.me!.cart).toMatchObject({ id: merged.cart!.id, itemCount: 12 });

    // Customer.cart of another customer is FORBIDDEN (asked straight at the order subgraph, the
    // only way to name another customer), and an admin may read it.
    const other = await kit.customer('other');
    const entities = {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { cart { id } } } }',
      variables: { r: [{ __typename: 'Customer', id: customer.id }] },
    };
    const ask = async (token: string) =>
      (await (
        await fetch(stack.subgraphs.order.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(entities),
        })
      ).json()) as {
        data?: { _entities: ({ cart: { id: string } | null } | null)[] };
        errors?: { extensions?: { code?: string } }[];
      };
    expect((await ask(other.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask(await kit.admin())).data?._entities[0]?.cart?.id).toBe(merged.cart!.id);

    // A guest cannot merge, and a forged token is a user error with nothing changed.
    const asGuest = await stack.client.request(MergeGuestCartDocument, { input: { guestToken: guest } }, { token: guest });
    expect(asGuest.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forged = (await stack.client.data(MergeGuestCartDocument, { input: { guestToken: 'not-a-token' } }, { token: customer.token }))
      .mergeGuestCart;
    expect(forged).toMatchObject({ cart: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'guestToken'] }] });
  });
});
