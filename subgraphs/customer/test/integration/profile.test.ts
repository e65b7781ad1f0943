import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const ADD =
  'mutation($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { paymentMethod { id brand last4 expiryMonth expiryYear } userErrors { code field } } }';
const REMOVE =
  'mutation($input: RemovePaymentMethodInput!) { removePaymentMethod(input: $input) { removedPaymentMethodId userErrors { code field } } }';
const PREFS =
  'mutation($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { preferences { marketingOptIn reviewRequestsOptIn } userErrors { code } } }';
const ME = '{ me { paymentMethods { id last4 } preferences { marketingOptIn reviewRequestsOptIn } } }';
const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id paymentMethods { id } } } }';

const card = { providerToken: 'pm_card_visa_123', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2030 };

/** Issue 4, items 3, 4 and 6: saved cards (token and display details only) and preferences. */
describe('payment methods and preferences', () => {
  let subgraph: CustomerSubgraph;
  let a: { id: string; accessToken: string };
  let b: { id: string; accessToken: string };

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    a = await registerCustomer(subgraph, 'pay-a@example.com');
    b = await registerCustomer(subgraph, 'pay-b@example.com');
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it('saves, lists and removes cards; the provider token is not exposed and saving twice keeps one', async () => {
    const added = (await subgraph.call(ADD, { input: card }, { token: a.accessToken })).data!.addPaymentMethod;
    expect(added).toMatchObject({ userErrors: [], paymentMethod: { brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2030 } });
    const again = (await subgraph.call(ADD, { input: card }, { token: a.accessToken })).data!.addPaymentMethod;
    expect(again.paymentMethod.id).toBe(added.paymentMethod.id);
    expect((await subgraph.call(ME, {}, { token: a.accessToken })).data!.me.paymentMethods).toEqual([
      { id: added.paymentMethod.id, last4: '4242' },
    ]);

    const tokenField = await subgraph.call('{ me { paymentMethods { providerToken } } }', {}, { token: a.accessToken });
    expect(tokenField.errors?.[0]?.message).toMatch(/Cannot query field "providerToken"/);

    const removed = (await subgraph.call(REMOVE, { input: { id: added.paymentMethod.id } }, { token: a.accessToken })).data!
      .removePaymentMethod;
    expect(removed).toEqual({ removedPaymentMethodId: added.paymentMethod.id, userErrors: [] });
    expect((await subgraph.call(ME, {}, { token: a.accessToken })).data!.me.paymentMethods).toEqual([]);
  });

  it('refuses a card number in place of a token and has no field for a number or CVC', async () => {
    const pan = (await subgraph.call(ADD, { input: { ...card, providerToken: '4242 4242 4242 4242' } }, { token: a.accessToken })).data!
      .addPaymentMethod;
    expect(pan).toEqual({ paymentMethod: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'providerToken'] }] });
    const cvc = await subgraph.call(ADD, { input: { ...card, cvc: '123' } }, { token: a.accessToken });
    expect(cvc.errors?.[0]?.message).toMatch(/cvc/);
    const rows = await subgraph.running.runtime.orm.em.fork().execute<object[]>('select * from customer.payment_method');
    expect(JSON.stringify(rows)).not.toMatch(/4242 4242|4242424242424242/);
  });

  it("customer A cannot read or remove B's cards", async () => {
    const bCard = (await subgraph.call(ADD, { input: { ...card, providerToken: 'pm_b' } }, { token: b.accessToken })).data!.addPaymentMethod
      .paymentMethod;
    const removeAsA = (await subgraph.call(REMOVE, { input: { id: bCard.id } }, { token: a.accessToken })).data!.removePaymentMethod;
    expect(removeAsA).toEqual({ removedPaymentMethodId: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'] }] });
    const readAsA = await subgraph.call(ENTITY, { r: [{ __typename: 'Customer', id: b.id }] }, { token: a.accessToken });
    expect(readAsA.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(readAsA.data ?? {})).not.toContain(bCard.id);
    const anonymous = await subgraph.call(REMOVE, { input: { id: bCard.id } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await subgraph.call(ME, {}, { token: b.accessToken })).data!.me.paymentMethods).toEqual([{ id: bCard.id, last4: '4242' }]);
  });

  it('updates preferences partially; defaults are marketing off, review requests on', async () => {
    expect((await subgraph.call(ME, {}, { token: b.accessToken })).data!.me.preferences).toEqual({
      marketingOptIn: false,
      reviewRequestsOptIn: true,
    });
    const first = (await subgraph.call(PREFS, { input: { marketingOptIn: true } }, { token: b.accessToken })).data!.updatePreferences;
    expect(first).toEqual({ preferences: { marketingOptIn: true, reviewRequestsOptIn: true }, userErrors: [] });
    await subgraph.call(PREFS, { input: { reviewRequestsOptIn: false } }, { token: b.accessToken });
    expect((await subgraph.call(ME, {}, { token: b.accessToken })).data!.me.preferences).toEqual({
      marketingOptIn: true,
      reviewRequestsOptIn: false,
    });
    expect((await subgraph.call(ME, {}, { token: a.accessToken })).data!.me.preferences).toEqual({
      marketingOptIn: false,
      reviewRequestsOptIn: true,
    });
    expect((await subgraph.call(PREFS, { input: { marketingOptIn: true } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
