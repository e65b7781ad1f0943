import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { graphql, type GraphQLSchema } from 'graphql';
import type { Identity } from '@shopgraph/auth';
import { openDatabase } from '@shopgraph/db';
import { LoaderRegistry, type RequestContext } from '@shopgraph/subgraph';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { Campaign, CouponCode, DiscountType } from '../../src/entities/index.js';
import { promotionSchema } from '../../src/graphql/schema.js';

let db: TestDatabase;
let orm: MikroORM;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await freshDatabase('promotion_gql');
  orm = (await openDatabase({
    url: db.url,
    schema: 'promotion',
    entities: definition.entities,
    migrations: definition.migrations,
  })) as MikroORM;
  schema = (await promotionSchema()).schema;
  const em = orm.em.fork();
  const campaign = em.create(Campaign, {
    name: 'Code',
    discountType: DiscountType.FIXED_AMOUNT,
    fixedAmountMinor: 700n,
    requiresCode: true,
  });
  em.create(CouponCode, { code: 'seven', campaign });
  await em.flush();
});

afterAll(async () => {
  await orm.close();
  await db.drop();
});

function run(query: string, variables: Record<string, unknown>, identity: Identity) {
  const contextValue = { em: orm.em.fork(), identity, requestId: 'test', loaders: new LoaderRegistry() } as unknown as RequestContext;
  return graphql({ schema, source: query, variableValues: variables, contextValue });
}

const cart = { currencyCode: 'USD', lines: [{ lineId: 'l1', productId: 'p1', quantity: 2, unitPriceMinor: '1500' }], codes: ['SEVEN'] };
const REDEEM = `mutation($input: RedeemPromotionsInput!) { redeemPromotions(input: $input) { redemptions { promotionId amountMinor redeemed } userErrors { code field } } }`;

describe('promotion GraphQL', () => {
  it('applicablePromotions previews a cart for anyone', async () => {
    const result = await run(
      `query($cart: PromotionCartInput!) { applicablePromotions(cart: $cart) { totalDiscount { amountMinor amount } applied { code lines { lineId amount { amountMinor } } } } }`,
      { cart },
      { kind: 'anonymous' },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      applicablePromotions: {
        totalDiscount: { amountMinor: '700', amount: '7.00' },
        applied: [{ code: 'seven', lines: [{ lineId: 'l1', amount: { amountMinor: '700' } }] }],
      },
    });
  });

  it.each([
    [
      'a negative unit price on a line the code applies to',
      { lines: [{ ...cart.lines[0]!, quantity: 500, unitPriceMinor: '-1' }] },
      'unitPriceMinor',
    ],
    ['no units on a line', { lines: [{ ...cart.lines[0]!, quantity: 0 }] }, 'quantity'],
    ['a negative shipping amount', { shippingAmountMinor: '-5' }, 'shippingAmountMinor'],
  ])('applicablePromotions refuses %s as BAD_USER_INPUT naming the field', async (_label, change, field) => {
    const result = await run(
      `query($cart: PromotionCartInput!) { applicablePromotions(cart: $cart) { totalDiscount { amountMinor } } }`,
      { cart: { ...cart, ...change } },
      { kind: 'anonymous' },
    );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(result.errors?.[0]?.extensions)).toContain(field);
  });

  it('redeemPromotions needs a service credential', async () => {
    const result = await run(REDEEM, { input: { orderId: 'o1', customerId: 'c1', cart } }, { kind: 'customer', customerId: 'c1' });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('redeemPromotions redeems once per order and reports unknown codes as userErrors', async () => {
    const service: Identity = { kind: 'service', service: 'order' };
    const first = await run(REDEEM, { input: { orderId: 'o1', customerId: 'c1', cart } }, service);
    const second = await run(REDEEM, { input: { orderId: 'o1', customerId: 'c1', cart } }, service);
    expect(first.data).toEqual(second.data);
    expect(first.data).toMatchObject({ redeemPromotions: { redemptions: [{ amountMinor: '700', redeemed: true }], userErrors: [] } });
    const unknown = await run(REDEEM, { input: { orderId: 'o2', customerId: 'c1', cart: { ...cart, codes: ['nope'] } } }, service);
    expect(unknown.data).toEqual({
      redeemPromotions: { redemptions: [], userErrors: [{ code: 'INVALID_PROMOTION_CODE', field: ['input', 'cart', 'codes'] }] },
    });
  });
});
