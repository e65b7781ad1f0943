import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, adminToken, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const EARN = 'mutation($input: OrderPointsInput!) { earnPoints(input: $input) { entry { points } balance userErrors { code field } } }';
const REVERSE = 'mutation($input: ReversePointsInput!) { reversePoints(input: $input) { balance userErrors { code } } }';
const STANDING = 'segments tier tierBenefits { pointsMultiplierPercent freeStandardShipping }';
const ME = `{ me { id ${STANDING} } }`;
const CHECKOUT =
  'query($id: ID!) { checkoutContext(customerId: $id) { segments tier benefits { pointsMultiplierPercent freeStandardShipping } loyaltyPoints } }';
const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id ${STANDING} } } }`;
const ADMIN_LIST = `query($search: String) { customers(first: 10, search: $search) { edges { node { email ${STANDING} } } } }`;

/** Issue 4: segments and tiers derived from the ledger, the tier multiplier on earning, and who may read them. */
describe('segments and tiers', () => {
  let subgraph: CustomerSubgraph;
  let admin: string;
  const service = { service: true };

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    admin = await adminToken(subgraph);
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const earn = async (customerId: string, points: number, orderAmountMinor?: string, orderId = randomUUID()) =>
    (await subgraph.call(EARN, { input: { customerId, orderId, points, ...(orderAmountMinor ? { orderAmountMinor } : {}) } }, service))
      .data!.earnPoints;
  const mine = async (token: string) => (await subgraph.call(ME, {}, { token })).data!.me;

  it('NEW, then RETURNING from the second order, then VIP from 20,000,000 lifetime spend; a reversed order stops counting', async () => {
    const c = await registerCustomer(subgraph, 'segments@example.com');
    expect(await mine(c.accessToken)).toMatchObject({
      segments: ['NEW'],
      tier: 'NONE',
      tierBenefits: { pointsMultiplierPercent: 100, freeStandardShipping: false },
    });

    await earn(c.id, 10, '12000000');
    expect((await mine(c.accessToken)).segments).toEqual(['NEW']);
    const second = randomUUID();
    await earn(c.id, 10, '8000000', second);
    expect((await mine(c.accessToken)).segments).toEqual(['RETURNING', 'VIP']);

    expect(
      (await subgraph.call(REVERSE, { input: { customerId: c.id, orderId: second } }, service)).data!.reversePoints.userErrors,
    ).toEqual([]);
    expect((await mine(c.accessToken)).segments).toEqual(['NEW']);
  });

  it('tiers follow base points of the last 12 months; earnPoints applies the multiplier; checkout context carries it all', async () => {
    const c = await registerCustomer(subgraph, 'tiers@example.com');
    expect((await earn(c.id, 1000)).entry.points).toBe(1000);
    expect(await mine(c.accessToken)).toMatchObject({
      tier: 'SILVER',
      tierBenefits: { pointsMultiplierPercent: 125, freeStandardShipping: false },
    });
    expect((await earn(c.id, 100)).entry.points).toBe(125);

    expect((await earn(c.id, 3900)).entry.points).toBe(4875);
    const gold = await mine(c.accessToken);
    expect(gold).toMatchObject({
      segments: ['RETURNING'],
      tier: 'GOLD',
      tierBenefits: { pointsMultiplierPercent: 150, freeStandardShipping: true },
    });
    expect((await earn(c.id, 100)).entry.points).toBe(150);

    const context = (await subgraph.call(CHECKOUT, { id: c.id }, service)).data!.checkoutContext;
    expect(context).toEqual({
      segments: ['RETURNING'],
      tier: 'GOLD',
      benefits: { pointsMultiplierPercent: 150, freeStandardShipping: true },
      loyaltyPoints: 1000 + 125 + 4875 + 150,
    });

    // Points earned more than 12 months ago no longer qualify: back to SILVER (1000 + 100 + 100 base points left).
    await subgraph.running.runtime.orm.em
      .fork()
      .execute(`update customer.loyalty_entry set created_at = now() - interval '13 months' where customer_id = ? and base_points = 3900`, [
        c.id,
      ]);
    expect((await mine(c.accessToken)).tier).toBe('SILVER');
  });

  it('a repeated earn for the same order changes nothing, even after the tier changed', async () => {
    const c = await registerCustomer(subgraph, 'repeat-earn@example.com');
    const orderId = randomUUID();
    expect((await earn(c.id, 900, undefined, orderId)).entry.points).toBe(900);
    await earn(c.id, 200);
    expect(await earn(c.id, 900, undefined, orderId)).toEqual({ entry: { points: 900 }, balance: 1100, userErrors: [] });
  });

  it('rejects a negative order amount and changes nothing', async () => {
    const c = await registerCustomer(subgraph, 'negative-amount@example.com');
    expect(await earn(c.id, 10, '-5')).toEqual({
      entry: null,
      balance: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'orderAmountMinor'] }],
    });
    expect((await mine(c.accessToken)).segments).toEqual(['NEW']);
  });

  it("customer A cannot read B's segments or tier; services cannot either (they use checkoutContext); admins can", async () => {
    const a = await registerCustomer(subgraph, 'standing-a@example.com');
    const b = await registerCustomer(subgraph, 'standing-b@example.com');
    await earn(b.id, 1500);
    const reps = { r: [{ __typename: 'Customer', id: b.id }] };
    for (const field of ['segments', 'tier', 'tierBenefits { freeStandardShipping }']) {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${field} } } }`;
      expect((await subgraph.call(query, reps, { token: a.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await subgraph.call(query, reps, service)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await subgraph.call(CHECKOUT, { id: b.id }, { token: a.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.call(CHECKOUT, { id: b.id }, { token: admin })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const asAdmin = await subgraph.call(ENTITY, reps, { token: admin });
    expect(asAdmin.data!._entities).toEqual([
      { id: b.id, segments: ['NEW'], tier: 'SILVER', tierBenefits: { pointsMultiplierPercent: 125, freeStandardShipping: false } },
    ]);
    const listed = (await subgraph.call(ADMIN_LIST, { search: 'standing-' }, { token: admin })).data!.customers.edges.map(
      (e: { node: unknown }) => e.node,
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        {
          email: 'standing-a@example.com',
          segments: ['NEW'],
          tier: 'NONE',
          tierBenefits: { pointsMultiplierPercent: 100, freeStandardShipping: false },
        },
        {
          email: 'standing-b@example.com',
          segments: ['NEW'],
          tier: 'SILVER',
          tierBenefits: { pointsMultiplierPercent: 125, freeStandardShipping: false },
        },
      ]),
    );
    expect(listed).toHaveLength(2);
  });
});
