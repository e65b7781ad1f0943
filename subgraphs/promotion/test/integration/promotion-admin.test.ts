import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { graphql, type GraphQLSchema } from 'graphql';
import type { Identity } from '@shopgraph/auth';
import { openDatabase } from '@shopgraph/db';
import { money } from '@shopgraph/money';
import { LoaderRegistry, type RequestContext } from '@shopgraph/subgraph';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { Campaign, CouponCode } from '../../src/entities/index.js';
import { promotionSchema } from '../../src/graphql/schema.js';
import { CODE_ALPHABET } from '../../src/services/campaign-admin.service.js';
import { redeemPromotions, reversePromotions } from '../../src/services/redemption.service.js';

let db: TestDatabase;
let orm: MikroORM;
let schema: GraphQLSchema;
const admin: Identity = { kind: 'staff', staffId: 'a1', role: 'OWNER' };
const customer: Identity = { kind: 'customer', customerId: 'c1' };

beforeAll(async () => {
  db = await freshDatabase('promotion_admin');
  orm = (await openDatabase({
    url: db.url,
    schema: 'promotion',
    entities: definition.entities,
    migrations: definition.migrations,
  })) as MikroORM;
  schema = (await promotionSchema()).schema;
});

afterAll(async () => {
  await orm.close();
  await db.drop();
});

async function run(query: string, variables: Record<string, unknown>, identity: Identity = admin) {
  const contextValue = { em: orm.em.fork(), identity, requestId: 'test', loaders: new LoaderRegistry() } as unknown as RequestContext;
  return graphql({ schema, source: query, variableValues: variables, contextValue });
}

const PAYLOAD = `promotion { id name discountType percentageBasisPoints active startsAt endsAt } userErrors { code field message }`;
const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { ${PAYLOAD} } }`;
const DEACTIVATE = `mutation($input: DeactivateCampaignInput!) { deactivateCampaign(input: $input) { ${PAYLOAD} } }`;
const GENERATE = `mutation($input: GenerateCouponCodesInput!) { generateCouponCodes(input: $input) { codes userErrors { code field } } }`;
const REPORT = `query($id: ID!) { promotionUsageReport(campaignId: $id) { promotionId usageCount usageLimit budgetUsedMinor budgetMinor currency redemptionsCount reversedCount } }`;

type Payload = {
  promotion: { id: string; name: string; percentageBasisPoints: number | null; active: boolean; endsAt: string | null } | null;
  userErrors: { code: string; field: string[] }[];
};
const countCampaigns = () => orm.em.fork().count(Campaign, {});

async function create(input: Record<string, unknown>): Promise<Payload> {
  const result = await run(CREATE, { input });
  expect(result.errors).toBeUndefined();
  return (result.data as { createCampaign: Payload }).createCampaign;
}

describe('promotion admin', () => {
  it('creates, updates and deactivates a campaign', async () => {
    const created = await create({
      name: 'Spring',
      discountType: 'PERCENTAGE',
      percentageBasisPoints: 1500,
      usageLimit: 5,
      budgetMinor: '10000',
      endsAt: '2030-01-01T00:00:00.000Z',
    });
    expect(created.userErrors).toEqual([]);
    expect(created.promotion).toMatchObject({
      name: 'Spring',
      percentageBasisPoints: 1500,
      active: true,
      endsAt: new Date('2030-01-01T00:00:00.000Z'),
    });
    const id = created.promotion!.id;
    const stored = await orm.em.fork().findOneOrFail(Campaign, id);
    expect(stored.usageLimit).toBe(5);
    expect(BigInt(stored.budgetMinor!)).toBe(10_000n);

    const updated = await run(UPDATE, { input: { id, name: 'Spring+', percentageBasisPoints: 2000, endsAt: null } });
    expect(updated.errors).toBeUndefined();
    expect((updated.data as { updateCampaign: Payload }).updateCampaign).toMatchObject({
      promotion: { name: 'Spring+', percentageBasisPoints: 2000, endsAt: null },
      userErrors: [],
    });
    const after = await orm.em.fork().findOneOrFail(Campaign, id);
    expect(after.endsAt ?? null).toBeNull();
    expect(after.usageLimit).toBe(5);

    const off = await run(DEACTIVATE, { input: { id } });
    expect((off.data as { deactivateCampaign: Payload }).deactivateCampaign).toMatchObject({
      promotion: { active: false },
      userErrors: [],
    });
    expect((await orm.em.fork().findOneOrFail(Campaign, id)).active).toBe(false);
  });

  it('validates input and changes nothing on bad input', async () => {
    const before = await countCampaigns();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', discountType: 'PERCENTAGE' }, 'percentageBasisPoints'],
      [{ name: 'x', discountType: 'PERCENTAGE', percentageBasisPoints: 0 }, 'percentageBasisPoints'],
      [{ name: 'x', discountType: 'PERCENTAGE', percentageBasisPoints: 10_001 }, 'percentageBasisPoints'],
      [{ name: 'x', discountType: 'FIXED_AMOUNT' }, 'fixedAmountMinor'],
      [{ name: 'x', discountType: 'BUY_X_GET_Y', buyQuantity: 2 }, 'getQuantity'],
      [{ name: ' ', discountType: 'FREE_SHIPPING' }, 'name'],
      [{ name: 'x', discountType: 'FREE_SHIPPING', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt'],
    ];
    for (const [input, field] of cases) {
      const payload = await create(input);
      expect(payload.promotion).toBeNull();
      expect(payload.userErrors).toContainEqual(expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', field] }));
    }
    expect(await countCampaigns()).toBe(before);

    const { promotion } = await create({ name: 'Fixed', discountType: 'FIXED_AMOUNT', fixedAmountMinor: '500' });
    const bad = await run(UPDATE, { input: { id: promotion!.id, discountType: 'PERCENTAGE', name: 'Renamed' } });
    expect((bad.data as { updateCampaign: Payload }).updateCampaign).toMatchObject({
      promotion: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'percentageBasisPoints'] }],
    });
    const kept = await orm.em.fork().findOneOrFail(Campaign, promotion!.id);
    expect([kept.name, kept.discountType]).toEqual(['Fixed', 'FIXED_AMOUNT']);

    const missing = await run(UPDATE, { input: { id: '00000000-0000-0000-0000-000000000000', name: 'y' } });
    expect((missing.data as { updateCampaign: Payload }).updateCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });

  it('generates unique, unambiguous, lower-case codes', async () => {
    const { promotion } = await create({ name: 'Codes', discountType: 'FIXED_AMOUNT', fixedAmountMinor: '500', requiresCode: true });
    const first = await run(GENERATE, { input: { campaignId: promotion!.id, count: 500, prefix: 'SPRING-', singleUse: true } });
    const second = await run(GENERATE, { input: { campaignId: promotion!.id, count: 500, prefix: 'SPRING-', singleUse: true } });
    const codes = [
      ...(first.data as { generateCouponCodes: { codes: string[] } }).generateCouponCodes.codes,
      ...(second.data as { generateCouponCodes: { codes: string[] } }).generateCouponCodes.codes,
    ];
    expect(codes).toHaveLength(1000);
    expect(new Set(codes).size).toBe(1000);
    const pattern = new RegExp(`^spring-[${CODE_ALPHABET}]{10}$`);
    for (const code of codes) expect(code).toMatch(pattern);
    const stored = await orm.em.fork().find(CouponCode, { campaign: promotion!.id });
    expect(stored).toHaveLength(1000);
    expect(stored.every((c) => c.singleUse && codes.includes(c.code))).toBe(true);

    const bad = await run(GENERATE, { input: { campaignId: promotion!.id, count: 0, prefix: 'bad prefix!' } });
    expect((bad.data as { generateCouponCodes: unknown }).generateCouponCodes).toEqual({
      codes: [],
      userErrors: [
        { code: 'INVALID_INPUT', field: ['input', 'count'] },
        { code: 'INVALID_INPUT', field: ['input', 'prefix'] },
      ],
    });
    expect(await orm.em.fork().count(CouponCode, { campaign: promotion!.id })).toBe(1000);
  });

  it('refuses non-admins', async () => {
    const before = await countCampaigns();
    const refusals: [Identity, string][] = [
      [customer, 'FORBIDDEN'],
      [{ kind: 'service', service: 'order' }, 'FORBIDDEN'],
      [{ kind: 'anonymous' }, 'UNAUTHENTICATED'],
    ];
    for (const [identity, code] of refusals) {
      const result = await run(CREATE, { input: { name: 'Nope', discountType: 'FREE_SHIPPING' } }, identity);
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      const report = await run(REPORT, { id: '00000000-0000-0000-0000-000000000000' }, identity);
      expect(report.errors?.[0]?.extensions?.code).toBe(code);
      const generate = await run(GENERATE, { input: { campaignId: '00000000-0000-0000-0000-000000000000', count: 1 } }, identity);
      expect(generate.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await countCampaigns()).toBe(before);
  });

  it('reports usage count, budget used, redemptions and reversals', async () => {
    // Only this test's campaign may apply to its orders.
    await orm.em.fork().nativeUpdate(Campaign, {}, { active: false });
    const { promotion } = await create({
      name: 'Report',
      discountType: 'FIXED_AMOUNT',
      fixedAmountMinor: '700',
      requiresCode: true,
      usageLimit: 10,
      budgetMinor: '100000',
    });
    const id = promotion!.id;
    const codes = (await run(GENERATE, { input: { campaignId: id, count: 1, singleUse: false } })).data as {
      generateCouponCodes: { codes: string[] };
    };
    const code = codes.generateCouponCodes.codes[0]!;
    const redeem = (orderId: string) =>
      redeemPromotions(orm.em.fork(), {
        orderId,
        customerId: 'c1',
        codes: [code.toUpperCase()],
        cart: {
          lines: [{ lineId: 'l1', productId: 'p1', categoryIds: [], quantity: 1, unitPrice: money(5_000, 'USD') }],
          customerId: 'c1',
          segments: [],
          currency: 'USD',
          shippingAmount: money(0, 'USD'),
        },
      });
    for (const o of ['r1', 'r2', 'r3']) expect((await redeem(o)).redemptions).toHaveLength(1);
    await reversePromotions(orm.em.fork(), 'r2');
    const report = await run(REPORT, { id });
    expect(report.errors).toBeUndefined();
    expect(report.data).toEqual({
      promotionUsageReport: {
        promotionId: id,
        usageCount: 2,
        usageLimit: 10,
        budgetUsedMinor: '1400',
        budgetMinor: '100000',
        currency: 'USD',
        redemptionsCount: 2,
        reversedCount: 1,
      },
    });
    expect((await run(REPORT, { id: '00000000-0000-0000-0000-000000000000' })).data).toEqual({ promotionUsageReport: null });
  });
});
