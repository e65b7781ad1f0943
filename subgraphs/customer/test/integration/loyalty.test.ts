import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, adminToken, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const PAYLOAD = '{ entry { id kind points orderId } balance userErrors { code field } }';
const EARN = `mutation($input: OrderPointsInput!) { earnPoints(input: $input) ${PAYLOAD} }`;
const REDEEM = `mutation($input: OrderPointsInput!) { redeemPoints(input: $input) ${PAYLOAD} }`;
const REVERSE = `mutation($input: ReversePointsInput!) { reversePoints(input: $input) ${PAYLOAD} }`;
const ADJUST = `mutation($input: AdjustLoyaltyPointsInput!) { adjustLoyaltyPoints(input: $input) ${PAYLOAD} }`;
const MY_LOYALTY = '{ me { loyalty { points value { amountMinor currencyCode } entries { kind points } } } }';
const CHECKOUT =
  'query($id: ID!) { checkoutContext(customerId: $id) { customerId email loyaltyPoints loyaltyValue { amountMinor currencyCode } addresses { id } paymentMethods { providerToken last4 } } }';
const ENTITY_LOYALTY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id loyalty { points } } } }';

/** Issue 4, items 5 and 6: the loyalty ledger, its idempotency, its concurrency and who may move points. */
describe('loyalty ledger', () => {
  let subgraph: CustomerSubgraph;
  let a: { id: string; accessToken: string };
  let b: { id: string; accessToken: string };
  let admin: string;
  const service = { service: true };

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    a = await registerCustomer(subgraph, 'loyal-a@example.com');
    b = await registerCustomer(subgraph, 'loyal-b@example.com');
    admin = await adminToken(subgraph);
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const balance = async (token: string) => (await subgraph.call(MY_LOYALTY, {}, { token })).data!.me.loyalty.points as number;
  const earn = async (customerId: string, orderId: string, points: number) =>
    (await subgraph.call(EARN, { input: { customerId, orderId, points } }, service)).data!.earnPoints;

  it('20 parallel redemptions of 100 against 1000 points: exactly 10 succeed and the balance is 0', async () => {
    const c = await registerCustomer(subgraph, 'parallel-redeem@example.com');
    expect((await earn(c.id, randomUUID(), 1000)).balance).toBe(1000);
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        async () =>
          (await subgraph.call(REDEEM, { input: { customerId: c.id, orderId: randomUUID(), points: 100 } }, service)).data!.redeemPoints,
      ),
    );
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(10);
    expect(results.filter((r) => r.userErrors[0]?.code === 'INSUFFICIENT_POINTS')).toHaveLength(10);
    expect(await balance(c.accessToken)).toBe(0);
  });

  it('earn, redeem and reverse for the same order twice have no extra effect', async () => {
    const orderId = randomUUID();
    const first = await earn(a.id, orderId, 500);
    const second = await earn(a.id, orderId, 500);
    expect(second.entry.id).toBe(first.entry.id);
    expect(await balance(a.accessToken)).toBe(500);

    const spendOrder = randomUUID();
    const redeem = async () =>
      (await subgraph.call(REDEEM, { input: { customerId: a.id, orderId: spendOrder, points: 200 } }, service)).data!.redeemPoints;
    const [r1, r2] = await Promise.all([redeem(), redeem()]);
    expect(r1.entry.id).toBe(r2.entry.id);
    expect(await balance(a.accessToken)).toBe(300);

    const reverse = async (id: string) =>
      (await subgraph.call(REVERSE, { input: { customerId: a.id, orderId: id } }, service)).data!.reversePoints;
    expect((await reverse(spendOrder)).entry).toMatchObject({ kind: 'REVERSE', points: 200 });
    expect((await reverse(spendOrder)).balance).toBe(500);
    expect(await balance(a.accessToken)).toBe(500);

    expect((await reverse(orderId)).entry.points).toBe(-500);
    expect((await reverse(orderId)).entry.points).toBe(-500);
    expect(await balance(a.accessToken)).toBe(0);
    expect((await reverse(randomUUID())).entry).toBeNull();
  });

  it('reversing points already spent does not take the balance below zero', async () => {
    const c = await registerCustomer(subgraph, 'spent@example.com');
    const earned = randomUUID();
    await earn(c.id, earned, 300);
    await subgraph.call(REDEEM, { input: { customerId: c.id, orderId: randomUUID(), points: 250 } }, service);
    const reversed = (await subgraph.call(REVERSE, { input: { customerId: c.id, orderId: earned } }, service)).data!.reversePoints;
    expect(reversed.entry.points).toBe(-50);
    expect(await balance(c.accessToken)).toBe(0);
  });

  it('the checkout context gives addresses, cards with tokens and the points value in money', async () => {
    const c = await registerCustomer(subgraph, 'checkout@example.com');
    await earn(c.id, randomUUID(), 120);
    await subgraph.call(
      'mutation($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { userErrors { code } } }',
      {
        input: { providerToken: 'pm_checkout', brand: 'VISA', last4: '1111', expiryMonth: 1, expiryYear: 2031 },
      },
      { token: c.accessToken },
    );
    const ctx = (await subgraph.call(CHECKOUT, { id: c.id }, service)).data!.checkoutContext;
    expect(ctx).toEqual({
      customerId: c.id,
      email: 'checkout@example.com',
      loyaltyPoints: 120,
      loyaltyValue: { amountMinor: '1200', currencyCode: 'VND' },
      addresses: [],
      paymentMethods: [{ providerToken: 'pm_checkout', last4: '1111' }],
    });
    expect((await subgraph.call(MY_LOYALTY, {}, { token: c.accessToken })).data!.me.loyalty.value).toEqual({
      amountMinor: '1200',
      currencyCode: 'VND',
    });
  });

  it('the checkout context gives the whole address book with default flags, every card, the standing, null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const c = await registerCustomer(subgraph, 'checkout-book@example.com');
    const create = async (address: object, makeDefaultFor: string[] = []) =>
      (
        await subgraph.call(
          'mutation($input: CreateAddressInput!) { createAddress(input: $input) { address { id } userErrors { code } } }',
          { input: { address, makeDefaultFor } },
          { token: c.accessToken },
        )
      ).data!.createAddress.address.id as string;
    const home = await create(
      { fullName: 'Ana Home', line1: '1 Le Loi', city: 'District 1', region: 'Ho Chi Minh', countryCode: 'VN', phone: '+84 90 000 0000' },
      ['SHIPPING'],
    );
    const office = await create(
      {
        fullName: 'Ana Office',
        line1: '2 Main St',
        line2: 'Floor 3',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        countryCode: 'US',
      },
      ['BILLING'],
    );
    for (const [token, last4] of [
      ['pm_first', '4242'],
      ['pm_second', '0005'],
    ] as const) {
      await subgraph.call(
        'mutation($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { userErrors { code } } }',
        {
          input: { providerToken: token, brand: 'VISA', last4, expiryMonth: 12, expiryYear: 2032 },
        },
        { token: c.accessToken },
      );
    }
    const FULL = `query($id: ID!) { checkoutContext(customerId: $id) {
      customerId email loyaltyPoints segments tier benefits { pointsMultiplierPercent freeStandardShipping }
      addresses { id fullName line1 line2 city region postalCode countryCode phone isDefaultShipping isDefaultBilling }
      paymentMethods { id providerToken brand last4 expiryMonth expiryYear } } }`;
    const ctx = (await subgraph.call(FULL, { id: c.id }, service)).data!.checkoutContext;
    expect(ctx).toMatchObject({
      customerId: c.id,
      email: 'checkout-book@example.com',
      loyaltyPoints: 0,
      segments: ['NEW'],
      tier: 'NONE',
      benefits: { pointsMultiplierPercent: 100, freeStandardShipping: false },
    });
    expect(ctx.addresses).toEqual([
      {
        id: home,
        fullName: 'Ana Home',
        line1: '1 Le Loi',
        line2: null,
        city: 'District 1',
        region: 'Ho Chi Minh',
        postalCode: null,
        countryCode: 'VN',
        phone: '+84 90 000 0000',
        isDefaultShipping: true,
        isDefaultBilling: false,
      },
      {
        id: office,
        fullName: 'Ana Office',
        line1: '2 Main St',
        line2: 'Floor 3',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        countryCode: 'US',
        phone: null,
        isDefaultShipping: false,
        isDefaultBilling: true,
      },
    ]);
    expect(
      ctx.paymentMethods.map((m: { providerToken: string; last4: string; brand: string; expiryMonth: number; expiryYear: number }) => [
        m.providerToken,
        m.brand,
        m.last4,
        m.expiryMonth,
        m.expiryYear,
      ]),
    ).toEqual([
      ['pm_first', 'VISA', '4242', 12, 2032],
      ['pm_second', 'VISA', '0005', 12, 2032],
    ]);
    expect((await subgraph.call(FULL, { id: randomUUID() }, service)).data!.checkoutContext).toBeNull();
    // A malformed id is refused before any query, naming the argument (issue 16).
    const malformed = await subgraph.call(FULL, { id: 'not-a-uuid' }, service);
    expect(malformed.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.errors?.[0]?.message).toContain('customerId');
  });

  it('admins adjust with a reason and cannot overdraw', async () => {
    const adjust = async (input: object, token = admin) => subgraph.call(ADJUST, { input }, { token });
    expect((await adjust({ customerId: b.id, points: 70, reason: 'Goodwill' })).data!.adjustLoyaltyPoints).toMatchObject({
      balance: 70,
      entry: { kind: 'ADJUST', points: 70 },
    });
    expect((await adjust({ customerId: b.id, points: -80, reason: 'Correction' })).data!.adjustLoyaltyPoints.userErrors).toEqual([
      { code: 'INSUFFICIENT_POINTS', field: ['input', 'points'] },
    ]);
    expect((await adjust({ customerId: b.id, points: 5, reason: ' ' })).data!.adjustLoyaltyPoints.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'reason'] },
    ]);
    expect(await balance(b.accessToken)).toBe(70);
  });

  it('only services move points for orders, only admins adjust, and customer A cannot read B', async () => {
    const input = { customerId: a.id, orderId: randomUUID(), points: 1_000_000 };
    expect((await subgraph.call(EARN, { input }, { token: a.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.call(EARN, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await subgraph.call(REDEEM, { input: { ...input, customerId: b.id, points: 1 } }, { token: a.accessToken })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await subgraph.call(REVERSE, { input: { customerId: b.id, orderId: input.orderId } }, { token: admin })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await subgraph.call(ADJUST, { input: { customerId: a.id, points: 1000, reason: 'self' } }, { token: a.accessToken })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await subgraph.call(CHECKOUT, { id: b.id }, { token: a.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const readB = await subgraph.call(ENTITY_LOYALTY, { r: [{ __typename: 'Customer', id: b.id }] }, { token: a.accessToken });
    expect(readB.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await balance(a.accessToken)).toBe(0);
    expect(await balance(b.accessToken)).toBe(70);
  });
});
