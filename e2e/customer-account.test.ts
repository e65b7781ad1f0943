import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AddPaymentMethodDocument,
  AdjustLoyaltyPointsDocument,
  CreateAddressDocument,
  DeleteAddressDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MyAccountDocument,
  RefreshTokenDocument,
  RegisterDocument,
  RemovePaymentMethodDocument,
  SetDefaultAddressDocument,
  UpdateAddressDocument,
  UpdatePreferencesDocument,
} from './generated/graphql.js';

const hanoi = {
  fullName: 'Ana Nguyen',
  line1: '1 Trang Tien',
  city: 'Hoan Kiem',
  region: 'Ha Noi',
  postalCode: '100000',
  countryCode: 'VN',
};

/** Issue 4 (customer): sessions and the account's own data through the gateway, with typed operations. */
describe('customer account through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS, { seed: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const register = async (email: string, password = 'gateway-pass-42') => {
    const data = await stack.client.data(RegisterDocument, { input: { email, password, firstName: 'Gate', lastName: 'Way' } });
    expect(data.register.userErrors).toEqual([]);
    return { id: data.register.customer!.id, token: data.register.token!.accessToken, refreshToken: data.register.refreshToken! };
  };

  it('register, login, refresh and logout round trip', async () => {
    const registered = await register('E2E.Round@Example.com');
    const me = await stack.client.data(MeDocument, undefined, { token: registered.token });
    expect(me.me?.email).toBe('e2e.round@example.com');

    const login = await stack.client.data(LoginDocument, { input: { email: 'e2e.round@example.com', password: 'gateway-pass-42' } });
    expect(login.login.userErrors).toEqual([]);
    const refreshed = await stack.client.data(RefreshTokenDocument, { input: { refreshToken: login.login.refreshToken! } });
    expect(refreshed.refreshToken.userErrors).toEqual([]);
    expect((await stack.client.data(MeDocument, undefined, { token: refreshed.refreshToken.token!.accessToken })).me?.id).toBe(
      registered.id,
    );

    const out = await stack.client.data(LogoutDocument, { input: { refreshToken: refreshed.refreshToken.refreshToken! } });
    expect(out.logout).toEqual({ revoked: true, userErrors: [] });
    const after = await stack.client.data(RefreshTokenDocument, { input: { refreshToken: refreshed.refreshToken.refreshToken! } });
    expect(after.refreshToken.userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    // The registration's own session is another family and still works.
    expect(
      (await stack.client.data(RefreshTokenDocument, { input: { refreshToken: registered.refreshToken } })).refreshToken.userErrors,
    ).toEqual([]);
  });

  it('refresh token reuse revokes the family', async () => {
    const { refreshToken } = await register('e2e.reuse@example.com');
    const next = await stack.client.data(RefreshTokenDocument, { input: { refreshToken } });
    expect(next.refreshToken.userErrors).toEqual([]);
    const replay = await stack.client.data(RefreshTokenDocument, { input: { refreshToken } });
    expect(replay.refreshToken).toMatchObject({ token: null, refreshToken: null, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });
    const victim = await stack.client.data(RefreshTokenDocument, { input: { refreshToken: next.refreshToken.refreshToken! } });
    expect(victim.refreshToken.userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
  });

  it("authorization matrix: customer A cannot read or change B's addresses, cards or loyalty", async () => {
    const a = await register('e2e.a@example.com');
    const b = await register('e2e.b@example.com');
    const bAddress = (
      await stack.client.data(CreateAddressDocument, { input: { address: hanoi, makeDefaultFor: ['SHIPPING'] } }, { token: b.token })
    ).createAddress.address!;
    const bCard = (
      await stack.client.data(
        AddPaymentMethodDocument,
        { input: { providerToken: 'pm_e2e_b', brand: 'MASTERCARD', last4: '5454', expiryMonth: 6, expiryYear: 2031 } },
        { token: b.token },
      )
    ).addPaymentMethod.paymentMethod!;
    const admin = (await stack.subgraphs.customer.runtime.signer!.sign(randomUUID(), { role: 'staff', staffRole: 'OWNER' }, 600)).token;
    expect(
      (
        await stack.client.data(
          AdjustLoyaltyPointsDocument,
          { input: { customerId: b.id, points: 40, reason: 'Welcome' } },
          { token: admin },
        )
      ).adjustLoyaltyPoints.balance,
    ).toBe(40);

    const asA = { token: a.token };
    const notFound = [{ code: 'NOT_FOUND', field: ['input', 'id'], message: expect.any(String) }];
    expect(
      (await stack.client.data(UpdateAddressDocument, { input: { id: bAddress.id, address: { ...hanoi, city: 'Taken' } } }, asA))
        .updateAddress.userErrors,
    ).toEqual(notFound);
    expect((await stack.client.data(DeleteAddressDocument, { input: { id: bAddress.id } }, asA)).deleteAddress.userErrors).toEqual(
      notFound,
    );
    expect(
      (await stack.client.data(SetDefaultAddressDocument, { input: { id: bAddress.id, use: 'BILLING' } }, asA)).setDefaultAddress
        .userErrors,
    ).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await stack.client.data(RemovePaymentMethodDocument, { input: { id: bCard.id } }, asA)).removePaymentMethod.userErrors).toEqual(
      notFound,
    );
    const adjustAsA = await stack.client.request(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: a.id, points: 1000, reason: 'me' } },
      asA,
    );
    expect(adjustAsA.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const mineA = (await stack.client.data(MyAccountDocument, undefined, asA)).me!;
    expect(mineA).toMatchObject({ id: a.id, addresses: [], paymentMethods: [], loyalty: { points: 0 } });
    const mineB = (await stack.client.data(MyAccountDocument, undefined, { token: b.token })).me!;
    expect(mineB.addresses).toEqual([
      expect.objectContaining({ id: bAddress.id, city: 'Hoan Kiem', isDefaultShipping: true, isDefaultBilling: false }),
    ]);
    expect(mineB.paymentMethods).toEqual([expect.objectContaining({ id: bCard.id, last4: '5454' })]);
    expect(mineB.loyalty).toEqual({ points: 40, value: { amountMinor: '400', currencyCode: 'VND' } });

    const anonymous = await stack.client.request(CreateAddressDocument, { input: { address: hanoi } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await stack.client.request(UpdatePreferencesDocument, { input: { marketingOptIn: true } })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await stack.client.data(MyAccountDocument)).me).toBeNull();
  });

  it('internal loyalty and checkout fields are not part of the public API', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { earnPoints(input: { customerId: "x", orderId: "y", points: 1 }) { balance } }' }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "earnPoints"/);
  });
});
