import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from '@shopgraph/db';
import { money } from '@shopgraph/money';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { type PromotionCart } from '../../src/domain/promotion-rules.js';
import { Campaign, CouponCode, DiscountType, Redemption, RedemptionStatus } from '../../src/entities/index.js';
import { seedPromotions } from '../../src/seed.js';
import { evaluateCart, redeemPromotions, reversePromotions } from '../../src/services/redemption.service.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await freshDatabase('promotion');
  orm = (await openDatabase({
    url: db.url,
    schema: 'promotion',
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 20,
  })) as MikroORM;
});

afterAll(async () => {
  await orm.close();
  await db.drop();
});

beforeEach(async () => {
  await orm.em
    .fork()
    .getConnection()
    .execute('truncate "promotion"."redemption", "promotion"."coupon_code", "promotion"."campaign" cascade');
});

function cart(customerId: string, unitMinor = 10_000): PromotionCart {
  return {
    lines: [{ lineId: 'l1', productId: 'p1', categoryIds: [], quantity: 1, unitPrice: money(unitMinor, 'USD') }],
    customerId,
    segments: [],
    currency: 'USD',
    shippingAmount: money(500, 'USD'),
  };
}

async function campaignWith(data: Partial<Campaign>, code?: string): Promise<Campaign> {
  const em = orm.em.fork();
  const campaign = em.create(Campaign, { name: 'test', discountType: DiscountType.PERCENTAGE, percentageBasisPoints: 1000, ...data });
  if (code) em.create(CouponCode, { code, campaign });
  await em.flush();
  return campaign;
}

async function reload(id: string): Promise<Campaign> {
  return orm.em.fork().findOneOrFail(Campaign, id);
}

const redeem = (em: EntityManager, orderId: string, customerId: string, codes: string[] = []) =>
  redeemPromotions(em, { orderId, customerId, codes, cart: cart(customerId) });

describe('redemption on PostgreSQL', () => {
  it('a code with usage limit 10 redeemed by 100 parallel orders is used exactly 10 times', async () => {
    const campaign = await campaignWith({ requiresCode: true, usageLimit: 10 }, 'limited10');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => redeem(orm.em.fork(), `order-${i}`, `customer-${i}`, ['LIMITED10'])),
    );
    expect(results.filter((r) => r.redemptions.length === 1)).toHaveLength(10);
    expect((await reload(campaign.id)).usageCount).toBe(10);
    expect(await orm.em.fork().count(Redemption, { campaign: campaign.id, status: RedemptionStatus.REDEEMED })).toBe(10);
    expect((await orm.em.fork().findOneOrFail(CouponCode, { code: 'limited10' })).usageCount).toBe(10);
  });

  it('never overspends a budget under parallel redemption', async () => {
    // 10% of $100 = $10 per order; a $95 budget covers nine full orders and a $5 remainder.
    const campaign = await campaignWith({ budgetMinor: 9_500n });
    await Promise.all(Array.from({ length: 40 }, (_, i) => redeem(orm.em.fork(), `order-${i}`, `customer-${i}`)));
    const after = await reload(campaign.id);
    expect(BigInt(after.budgetUsedMinor)).toBe(9_500n);
    const rows = await orm.em.fork().find(Redemption, { campaign: campaign.id });
    expect(rows.reduce((s, r) => s + BigInt(r.amountMinor), 0n)).toBe(9_500n);
    expect(rows).toHaveLength(10);
  });

  it('keeps the per-customer limit under parallel orders of one customer', async () => {
    const campaign = await campaignWith({ perCustomerLimit: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => redeem(orm.em.fork(), `order-${i}`, 'same-customer')));
    expect((await reload(campaign.id)).usageCount).toBe(2);
  });

  it('redeeming the same order twice, even in parallel, uses the campaign once', async () => {
    const campaign = await campaignWith({ usageLimit: 5 });
    const [a, b] = await Promise.all([redeem(orm.em.fork(), 'order-1', 'c1'), redeem(orm.em.fork(), 'order-1', 'c1')]);
    const again = await redeem(orm.em.fork(), 'order-1', 'c1');
    expect([a, b, again].map((r) => r.redemptions.map((x) => x.id))).toEqual([
      a.redemptions.map((x) => x.id),
      a.redemptions.map((x) => x.id),
      a.redemptions.map((x) => x.id),
    ]);
    expect((await reload(campaign.id)).usageCount).toBe(1);
    await Promise.all([reversePromotions(orm.em.fork(), 'order-1'), reversePromotions(orm.em.fork(), 'order-1')]);
    expect((await reload(campaign.id)).usageCount).toBe(0);
  });

  it('reversing an order restores usage, budget and code; reversing again changes nothing', async () => {
    const campaign = await campaignWith({ requiresCode: true, usageLimit: 1, budgetMinor: 100_000n }, 'once');
    await redeem(orm.em.fork(), 'order-1', 'c1', ['once']);
    expect((await redeem(orm.em.fork(), 'order-2', 'c2', ['once'])).redemptions).toEqual([]);
    const reversed = await reversePromotions(orm.em.fork(), 'order-1');
    expect(reversed.map((r) => r.status)).toEqual([RedemptionStatus.REVERSED]);
    expect(await reversePromotions(orm.em.fork(), 'order-1')).toEqual([]);
    const after = await reload(campaign.id);
    expect([after.usageCount, BigInt(after.budgetUsedMinor)]).toEqual([0, 0n]);
    expect((await redeem(orm.em.fork(), 'order-2', 'c2', ['once'])).redemptions).toHaveLength(1);
  });

  it('previews without changing anything', async () => {
    const campaign = await campaignWith({ usageLimit: 1 });
    const preview = await evaluateCart(orm.em.fork(), { cart: cart('c1'), codes: [] });
    expect(preview.totalDiscount.amountMinor).toBe(1_000n);
    expect((await reload(campaign.id)).usageCount).toBe(0);
  });

  it('previews from the stored campaigns exactly: money beyond 2^53, entered codes in any case, spent single-use codes and per-customer usage', async () => {
    // A fixed discount larger than any JSON number holds exactly, capped by a maximum that is too.
    const huge = 9_007_199_254_740_993n;
    await campaignWith(
      {
        discountType: DiscountType.FIXED_AMOUNT,
        percentageBasisPoints: undefined,
        fixedAmountMinor: huge * 2n,
        maximumDiscountAmountMinor: huge,
        requiresCode: true,
      },
      'big',
    );
    const spent = await campaignWith({ requiresCode: true }, 'spent-once');
    const em = orm.em.fork();
    const code = await em.findOneOrFail(CouponCode, { code: 'spent-once' });
    code.singleUse = true;
    code.usageCount = 1;
    await em.flush();
    const bigCart = {
      ...cart('c1', 0),
      lines: [{ lineId: 'l1', productId: 'p1', categoryIds: [], quantity: 1, unitPrice: money(huge * 3n, 'USD') }],
    };
    const preview = await evaluateCart(orm.em.fork(), { cart: bigCart, codes: ['  BIG ', 'Spent-Once'] });
    expect(preview.applied.map((a) => a.amount.amountMinor)).toEqual([huge]);
    expect(preview.applied.map((a) => a.campaignId)).not.toContain(spent.id);
    expect(preview.unknownCodes).toEqual(['spent-once']);

    const limited = await campaignWith({ perCustomerLimit: 1 });
    await redeem(orm.em.fork(), 'order-limited', 'c1');
    const forC1 = await evaluateCart(orm.em.fork(), { cart: cart('c1'), codes: [] });
    const forC2 = await evaluateCart(orm.em.fork(), { cart: cart('c2'), codes: [] });
    expect(forC1.applied.map((a) => a.campaignId)).not.toContain(limited.id);
    expect(forC2.applied.map((a) => a.campaignId)).toContain(limited.id);
  });

  it('the demo seed holds a campaign of every discount type', async () => {
    await seedPromotions(orm.em.fork());
    const types = new Set((await orm.em.fork().find(Campaign, {})).map((c) => c.discountType));
    expect([...types].sort()).toEqual(Object.values(DiscountType).sort());
  });
});
