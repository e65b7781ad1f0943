import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const ADDRESS_FIELDS = 'id fullName line1 line2 city region postalCode countryCode phone isDefaultShipping isDefaultBilling';
const CREATE = `mutation($input: CreateAddressInput!) { createAddress(input: $input) { address { ${ADDRESS_FIELDS} } userErrors { code field message } } }`;
const UPDATE = `mutation($input: UpdateAddressInput!) { updateAddress(input: $input) { address { ${ADDRESS_FIELDS} } userErrors { code field } } }`;
const DELETE = `mutation($input: DeleteAddressInput!) { deleteAddress(input: $input) { deletedAddressId userErrors { code field } } }`;
const SET_DEFAULT = `mutation($input: SetDefaultAddressInput!) { setDefaultAddress(input: $input) { address { id isDefaultShipping isDefaultBilling } userErrors { code } } }`;
const MY_ADDRESSES = `{ me { addresses { ${ADDRESS_FIELDS} } } }`;
const ENTITY_ADDRESSES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id addresses { id } } } }';

const berlin = { fullName: 'Max Muster', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', countryCode: 'de' };
const saigon = { fullName: 'Ana Nguyen', line1: '12 Le Loi', city: 'Quan 1', region: 'Ho Chi Minh City', countryCode: 'VN' };

/** Issue 4, item 2 and 6: the address book and who may touch it. */
describe('address book', () => {
  let subgraph: CustomerSubgraph;
  let a: { id: string; accessToken: string };
  let b: { id: string; accessToken: string };

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    a = await registerCustomer(subgraph, 'address-a@example.com');
    b = await registerCustomer(subgraph, 'address-b@example.com');
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const create = async (token: string, address: object, makeDefaultFor?: string[]) =>
    (await subgraph.call(CREATE, { input: { address, ...(makeDefaultFor ? { makeDefaultFor } : {}) } }, { token })).data!.createAddress;

  it('creates, lists, updates, sets defaults and deletes addresses', async () => {
    const created = await create(a.accessToken, berlin, ['SHIPPING']);
    expect(created.userErrors).toEqual([]);
    expect(created.address).toMatchObject({
      countryCode: 'DE',
      postalCode: '10117',
      line2: null,
      isDefaultShipping: true,
      isDefaultBilling: false,
    });
    const second = await create(a.accessToken, saigon);
    expect(second.userErrors).toEqual([]);

    const listed = await subgraph.call(MY_ADDRESSES, {}, { token: a.accessToken });
    expect(listed.data!.me.addresses.map((x: { id: string }) => x.id)).toEqual([created.address.id, second.address.id]);

    const updated = (
      await subgraph.call(
        UPDATE,
        { input: { id: second.address.id, address: { ...saigon, postalCode: '700000' } } },
        { token: a.accessToken },
      )
    ).data!.updateAddress;
    expect(updated).toMatchObject({ userErrors: [], address: { postalCode: '700000' } });

    const billing = (await subgraph.call(SET_DEFAULT, { input: { id: second.address.id, use: 'BILLING' } }, { token: a.accessToken })).data!
      .setDefaultAddress;
    expect(billing).toEqual({ userErrors: [], address: { id: second.address.id, isDefaultShipping: false, isDefaultBilling: true } });
    const shipping = (await subgraph.call(SET_DEFAULT, { input: { id: second.address.id, use: 'SHIPPING' } }, { token: a.accessToken }))
      .data!.setDefaultAddress;
    expect(shipping.address).toEqual({ id: second.address.id, isDefaultShipping: true, isDefaultBilling: true });

    const deleted = (await subgraph.call(DELETE, { input: { id: second.address.id } }, { token: a.accessToken })).data!.deleteAddress;
    expect(deleted).toEqual({ deletedAddressId: second.address.id, userErrors: [] });
    const after = await subgraph.call(MY_ADDRESSES, {}, { token: a.accessToken });
    expect(after.data!.me.addresses).toEqual([
      expect.objectContaining({ id: created.address.id, isDefaultShipping: false, isDefaultBilling: false }),
    ]);
  });

  it('returns validation problems with field paths and stores nothing', async () => {
    const before = (await subgraph.call(MY_ADDRESSES, {}, { token: b.accessToken })).data!.me.addresses.length;
    const bad = await create(b.accessToken, { fullName: 'X', line1: '1 Road', city: 'Town', countryCode: 'US', postalCode: '123' });
    expect(bad.address).toBeNull();
    expect(bad.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'address', 'region'] }),
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'address', 'postalCode'] }),
      ]),
    );
    const country = await create(b.accessToken, { ...berlin, countryCode: 'ZZ' });
    expect(country.userErrors).toEqual([expect.objectContaining({ field: ['input', 'address', 'countryCode'] })]);
    expect((await subgraph.call(MY_ADDRESSES, {}, { token: b.accessToken })).data!.me.addresses).toHaveLength(before);
  });

  it("customer A cannot read or change B's addresses; anonymous callers cannot either", async () => {
    const bAddress = (await create(b.accessToken, berlin)).address;

    const asA = { token: a.accessToken };
    expect((await subgraph.call(UPDATE, { input: { id: bAddress.id, address: saigon } }, asA)).data!.updateAddress).toEqual({
      address: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'] }],
    });
    expect((await subgraph.call(DELETE, { input: { id: bAddress.id } }, asA)).data!.deleteAddress.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'id'] },
    ]);
    expect(
      (await subgraph.call(SET_DEFAULT, { input: { id: bAddress.id, use: 'SHIPPING' } }, asA)).data!.setDefaultAddress.userErrors,
    ).toEqual([{ code: 'NOT_FOUND' }]);

    const readAsA = await subgraph.call(ENTITY_ADDRESSES, { r: [{ __typename: 'Customer', id: b.id }] }, asA);
    expect(readAsA.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(readAsA.data ?? {})).not.toContain(bAddress.id);

    const anonymous = await subgraph.call(CREATE, { input: { address: berlin } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousRead = await subgraph.call(ENTITY_ADDRESSES, { r: [{ __typename: 'Customer', id: b.id }] });
    expect(anonymousRead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.call(MY_ADDRESSES)).data!.me).toBeNull();

    // B's address is untouched; a service may read it.
    const asService = await subgraph.call(ENTITY_ADDRESSES, { r: [{ __typename: 'Customer', id: b.id }] }, { service: true });
    expect(asService.data!._entities[0].addresses.map((x: { id: string }) => x.id)).toContain(bAddress.id);
    const mine = await subgraph.call(MY_ADDRESSES, {}, { token: b.accessToken });
    expect(mine.data!.me.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: bAddress.id, city: 'Berlin', isDefaultShipping: false })]),
    );
  });
});
