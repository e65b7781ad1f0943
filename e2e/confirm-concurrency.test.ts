import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit, paymentIdsOf } from './checkout-kit.js';
import { AddToCartDocument, AdminPromotionUsageDocument, StartCheckoutDocument } from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts()
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(440, 450);

/** Issue 15: confirmations racing for a coupon's last uses and for the last units. */
describe('confirmCheckout under contention', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets 40 shoppers race for a coupon limited to 5 uses: at most 5 discounted orders, the others refused and never charged', async () => {
    const token = await kit.admin();
    const { campaignId, code } = await kit.coupon('Five only', 2000, 'FIVE', 5);
    const sku = skus[0]!;
    await kit.setAvailable(sku, 100);
    const shoppers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const guest = await kit.guest();
        return { guest, preview: await checkout.ready(guest, [{ sku, quantity: 1 }], { email: `race${i}@example.com`, codes: [code] }) };
      }),
    );
    for (const s of shoppers) expect(s.preview.totals.discounts.some((d) => d.code === code.toLowerCase() || d.code === code)).toBe(true);

    const answers = await Promise.all(shoppers.map((s) => checkout.confirm(s.guest, s.preview)));
    const placed = answers.filter((a) => a.state === 'COMPLETED');
    const refused = answers.filter((a) => a.state === 'FAILED');
    expect(placed.length + refused.length).toBe(40);
    expect(placed.length).toBeLessThanOrEqual(5);
    expect(placed.length).toBeGreaterThan(0);
    for (const a of refused) expect(a.userErrors.map((e) => e.code)).toEqual(['PROMOTION_UNAVAILABLE']);
    for (const a of placed) expect(a.order!.discounts.some((d) => d.kind === 'PROMOTION')).toBe(true);
    const usage = (await stack.client.data(AdminPromotionUsageDocument, { campaignId }, { token })).promotionUsageReport!;
    expect(usage.usageCount).toBe(placed.length);
    // Refused shoppers reached no payment provider.
    for (const [i, a] of answers.entries()) {
      if (a.state === 'FAILED') expect(await paymentIdsOf(stack, shoppers[i]!.preview.id)).toEqual([]);
    }
  });

  it('sells 20 units to 60 shoppers: 20 orders, on-hand never below zero', async () => {
    const sku = skus[1]!;
    await kit.setAvailable(sku, 20);
    const guests = await Promise.all(Array.from({ length: 60 }, () => kit.guest()));
    await Promise.all(
      guests.map(async (guest) => {
        const added = await stack.client.data(AddToCartDocument, { input: { sku, quantity: 1 } }, { token: guest });
        expect(added.addCartItem.userErrors).toEqual([]);
      }),
    );
    const started = await Promise.all(
      guests.map(async (guest) => ({
        guest,
        result: (await stack.client.data(StartCheckoutDocument, {}, { token: guest })).startCheckout,
      })),
    );
    const holding = started.filter((s) => s.result.checkoutSession);
    expect(holding).toHaveLength(20);
    for (const s of started.filter((x) => !x.result.checkoutSession))
      expect(s.result.userErrors.map((e) => e.code)).toEqual(['OUT_OF_STOCK']);
    const answers = await Promise.all(
      holding.map(async ({ guest, result }) => {
        const preview = await checkout.update(guest, {
          checkoutSessionId: result.checkoutSession!.id,
          shippingAddress: {
            address: {
              fullName: 'Bao Tran',
              line1: '2 Hang Bai',
              city: 'Hoan Kiem',
              region: 'Ha Noi',
              postalCode: '100000',
              countryCode: 'VN',
            },
          },
          shippingMethodCode: 'STANDARD',
          payment: {
            card: { providerToken: 'tok_visa', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 },
          },
          email: 'last.units@example.com',
        });
        return checkout.confirm(guest, preview);
      }),
    );
    expect(answers.filter((a) => a.state === 'COMPLETED')).toHaveLength(20);
    expect(await checkout.stock(sku)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });
});
