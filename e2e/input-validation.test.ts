import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { shopKit } from './shop-kit.js';

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string[] } }[];
}

const sku = demoProducts(1)[0]!.variants[0]!.sku;

/** Issue 16, item 6: each malformed input the issue names gets BAD_USER_INPUT or a userError naming the field. */
describe('malformed input through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  // Raw documents: the point is values the typed operations would never let through.
  async function send(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
  }

  function refused(answer: Answer, field: string[]): void {
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    expect(answer.errors![0]!.message).not.toMatch(/syntax|uuid|invalid input|violates|SQLSTATE/i);
  }

  it.each([
    ['order', 'query { order(id: "not-a-uuid") { id } }', ['id']],
    ['product', 'query { product(id: "not-a-uuid") { id } }', ['id']],
    ['reviews', 'query { reviews(productId: "not-a-uuid") { totalCount } }', ['productId']],
  ])('refuses a non-UUID id in %s before any query', async (_name, query, field) => {
    refused(await send(query, {}, (await kit.customer('ids')).token), field);
  });

  it('answers a well-formed unknown id with null, not an error', async () => {
    const answer = await send(`query($id: ID!) { order(id: $id) { id } product(id: $id) { id } }`, { id: randomUUID() }, await kit.admin());
    expect(answer).toEqual({ status: 200, data: { order: null, product: null } });
  });

  it('refuses a NUL byte in a name in register and createAddress, naming the field', async () => {
    const register = await send(`mutation($input: RegisterInput!) { register(input: $input) { customer { id } } }`, {
      input: {
        email: `nul.${randomUUID().slice(0, 8)}@example.com`,
        password: 'checkout-pass-42',
        firstName: 'Nu\u0000ll',
        lastName: 'Byte',
      },
    });
    refused(register, ['input', 'firstName']);

    const customer = await kit.customer('nul');
    const address = { fullName: 'A\u0000B', line1: '1 Main St', city: 'Hanoi', countryCode: 'VN' };
    const created = await send(
      `mutation($input: CreateAddressInput!) { createAddress(input: $input) { address { id } } }`,
      { input: { address } },
      customer.token,
    );
    refused(created, ['input', 'address', 'fullName']);
  });

  it('refuses an unknown or malformed warehouse in addCartItem', async () => {
    const guest = await kit.guest();
    const add = `mutation($input: AddCartItemInput!) { addCartItem(input: $input) { cart { id } userErrors { code field } } }`;
    refused(await send(add, { input: { sku, quantity: 1, warehouseId: 'nowhere' } }, guest), ['input', 'warehouseId']);
    const unknown = await send(add, { input: { sku, quantity: 1, warehouseId: randomUUID() } }, guest);
    expect(unknown).toEqual({
      status: 200,
      data: { addCartItem: { cart: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'warehouseId'] }] } },
    });
  });

  it('refuses a non-numeric amount in applicablePromotions', async () => {
    const answer = await send(`query($cart: PromotionCartInput!) { applicablePromotions(cart: $cart) { __typename } }`, {
      cart: { currencyCode: 'USD', lines: [{ lineId: 'l1', productId: 'p1', quantity: 1, unitPriceMinor: 'ten' }] },
    });
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a lone surrogate in a coupon code, which PostgreSQL would refuse inside JSON', async () => {
    const answer = await send(`query($cart: PromotionCartInput!) { applicablePromotions(cart: $cart) { __typename } }`, {
      cart: { currencyCode: 'USD', lines: [], codes: ['SAVE\ud800'] },
    });
    refused(answer, ['cart', 'codes', '0']);
  });

  it('refuses createCampaign in a currency the shop does not price in', async () => {
    const answer = await send(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { promotion { id } userErrors { code field } } }`,
      { input: { name: 'Odd money', discountType: 'FIXED_AMOUNT', fixedAmountMinor: '100', currency: 'XYZ' } },
      await kit.admin(),
    );
    expect(answer).toEqual({
      status: 200,
      data: { createCampaign: { promotion: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'currency'] }] } },
    });
  });
});
