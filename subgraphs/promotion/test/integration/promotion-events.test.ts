import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from '@shopgraph/db';
import { type EventEnvelope, OutboxRelay, PgBossBus } from '@shopgraph/events';
import { money } from '@shopgraph/money';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import type { PromotionCart } from '../../src/domain/promotion-rules.js';
import { Campaign, DiscountType } from '../../src/entities/index.js';
import { CampaignCompleted, PromotionApplied, PromotionUsageUpdated } from '../../src/events/promotion.events.js';
import { redeemPromotions, reversePromotions } from '../../src/services/redemption.service.js';

/** Issue 6: promotion events go through the outbox, committed with the change, to the bus. */
describe('promotion events', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let bus: PgBossBus;
  let relay: OutboxRelay;
  const received: EventEnvelope[] = [];

  beforeAll(async () => {
    db = await freshDatabase('promotion_events');
    orm = (await openDatabase({
      url: db.url,
      schema: 'promotion',
      entities: definition.entities,
      migrations: definition.migrations,
    })) as MikroORM;
    bus = new PgBossBus({ url: db.url, pollingIntervalSeconds: 0.5 });
    await bus.start();
    await bus.subscribe(
      'test.promotion-watcher',
      [PromotionApplied.name, PromotionUsageUpdated.name, CampaignCompleted.name],
      async (e) => {
        received.push(e);
      },
    );
    relay = new OutboxRelay({ url: db.url, schema: 'promotion', bus, pollIntervalMs: 200 });
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await bus?.stop();
    await orm?.close();
    await db?.drop();
  });

  const waitFor = async (predicate: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; received ${received.map((e) => e.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const cart = (customerId: string): PromotionCart => ({
    lines: [{ lineId: 'l1', productId: 'p1', categoryIds: [], quantity: 1, unitPrice: money(10_000, 'USD') }],
    customerId,
    segments: [],
    currency: 'USD',
    shippingAmount: money(0, 'USD'),
  });
  const redeem = (orderId: string, customerId: string) =>
    redeemPromotions(orm.em.fork(), { orderId, customerId, codes: [], cart: cart(customerId) });
  const of = (name: string, campaignId: string) =>
    received.filter((e) => e.name === name && (e.payload as { campaignId: string }).campaignId === campaignId);

  it('publishes PromotionApplied and usage on redeem, usage on reverse, and CampaignCompleted at the usage limit', async () => {
    const em = orm.em.fork();
    const campaign = em.create(Campaign, {
      name: 'events',
      discountType: DiscountType.PERCENTAGE,
      percentageBasisPoints: 1000,
      usageLimit: 2,
    });
    await em.flush();

    await redeem('evt-o1', 'c1');
    await waitFor(() => of(PromotionApplied.name, campaign.id).length === 1 && of(PromotionUsageUpdated.name, campaign.id).length === 1);
    expect(of(PromotionApplied.name, campaign.id)[0]).toMatchObject({
      aggregateId: campaign.id,
      producer: 'promotion',
      payload: { campaignId: campaign.id, orderId: 'evt-o1', customerId: 'c1', discountAmountMinor: '1000', currency: 'USD' },
    });
    expect(of(PromotionUsageUpdated.name, campaign.id)[0]!.payload).toEqual({
      campaignId: campaign.id,
      usageCount: 1,
      budgetUsedMinor: '1000',
    });
    expect(of(CampaignCompleted.name, campaign.id)).toHaveLength(0);

    await reversePromotions(orm.em.fork(), 'evt-o1');
    await waitFor(() => of(PromotionUsageUpdated.name, campaign.id).length === 2);
    expect(of(PromotionUsageUpdated.name, campaign.id).map((e) => e.payload)).toContainEqual({
      campaignId: campaign.id,
      usageCount: 0,
      budgetUsedMinor: '0',
    });

    await redeem('evt-o2', 'c2');
    await redeem('evt-o3', 'c3');
    await waitFor(() => of(CampaignCompleted.name, campaign.id).length === 1);
    expect(of(CampaignCompleted.name, campaign.id)[0]!.payload).toEqual({ campaignId: campaign.id, reason: 'USAGE_LIMIT_REACHED' });
    await waitFor(() => of(PromotionUsageUpdated.name, campaign.id).length === 4);
    expect(of(PromotionUsageUpdated.name, campaign.id).map((e) => e.payload)).toContainEqual({
      campaignId: campaign.id,
      usageCount: 2,
      budgetUsedMinor: '2000',
    });
  });

  it('publishes CampaignCompleted with BUDGET_EXHAUSTED when a redeem spends the budget', async () => {
    const em = orm.em.fork();
    const campaign = em.create(Campaign, {
      name: 'budget',
      discountType: DiscountType.PERCENTAGE,
      percentageBasisPoints: 1000,
      budgetMinor: 1_500n,
    });
    await em.flush();
    await redeem('bud-o1', 'c1');
    await redeem('bud-o2', 'c2');
    await waitFor(() => of(CampaignCompleted.name, campaign.id).length === 1);
    expect(of(CampaignCompleted.name, campaign.id)[0]!.payload).toEqual({ campaignId: campaign.id, reason: 'BUDGET_EXHAUSTED' });
  });

  it('records nothing when nothing is redeemed', async () => {
    const count = async () =>
      (await orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from promotion.outbox`))[0]!.n;
    const before = await count();
    await reversePromotions(orm.em.fork(), 'never-redeemed');
    expect(await count()).toBe(before);
  });
});
