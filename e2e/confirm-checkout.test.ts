import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { checkoutKit, paymentIdsOf } from './checkout-kit.js';
import {
  AddToCartDocument,
  AdjustLoyaltyPointsDocument,
  AdminArchiveProductVariantDocument,
  AdminPromotionUsageDocument,
  CheckoutSessionDocument,
  MyAccountDocument,
  OrderDocument,
  ShopperCartDocument,
  StartCheckoutDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(60)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(200);

/** Issue 15: confirmCheckout turns a session into one paid order through the saga. */
describe('confirmCheckout through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;
  let campaignId: string;
  let code: string;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
    ({ campaignId, code } = await kit.coupon('Confirm 5 percent', 500, 'CONF'));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const usage = async () =>
    (await stack.client.data(AdminPromotionUsageDocument, { campaignId }, { token: await kit.admin() })).promotionUsageReport!.usageCount;

  it('confirms a customer checkout into a paid order whose every figure is the last preview', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    await kit.setAvailable(a, 10);
    await kit.setAvailable(b, 10);
    const customer = await kit.customer('confirm');
    const granted = await stack.client.data(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: customer.id, points: 500, reason: 'e2e' } },
      { token: await kit.admin() },
    );
    expect(granted.adjustLoyaltyPoints.userErrors).toEqual([]);
    const usedBefore = await usage();

    const preview = await checkout.ready(
      customer.token,
      [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ],
      { codes: [code], points: 100 },
    );
    expect(preview.totals.discounts.map((d) => d.kind)).toEqual(expect.arrayContaining(['PROMOTION', 'LOYALTY']));
    const [stockA, stockB] = [await checkout.stock(a), await checkout.stock(b)];
    expect(stockA).toMatchObject({ onHand: 10, reserved: 2 });

    const key = randomUUID();
    const confirmed = await checkout.confirm(customer.token, preview, key);
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.state).toBe('COMPLETED');
    const order = confirmed.order!;
    expect(order.status).toBe('CONFIRMED');
    const t = preview.totals;
    expect(order.subtotal.amountMinor).toBe(t.subtotal.amountMinor);
    expect(order.total.amountMinor).toBe(t.total.amountMinor);
    expect(order.total.currencyCode).toBe(t.currency);
    expect(order.shipping.amountMinor).toBe(t.shipping.amountMinor);
    expect(order.tax.amountMinor).toBe(t.tax.amountMinor);
    expect(order.exclusiveTax.amountMinor).toBe(t.exclusiveTax.amountMinor);
    expect(BigInt(order.discountTotal.amountMinor) + BigInt(order.loyaltyDiscount.amountMinor)).toBe(BigInt(t.discountTotal.amountMinor));
    expect(order.discounts.map((d) => [d.kind, d.code, d.points, d.amount.amountMinor])).toEqual(
      t.discounts.map((d) => [d.kind, d.code, d.points, d.amount.amountMinor]),
    );
    expect(order.items.map((i) => [i.sku, i.quantity, i.unitPrice.amountMinor, i.lineTotal.amountMinor])).toEqual(
      preview.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amountMinor, l.lineTotal.amountMinor]),
    );
    expect(order.loyaltyPointsUsed).toBe(100);
    expect(order.loyaltyPointsEarned).toBeGreaterThan(0);
    expect(order.email).toBe(customer.email);
    expect(order.shippingMethod).toEqual({ code: 'STANDARD', name: expect.any(String) });
    expect(order.shippingAddress).toMatchObject({ countryCode: 'VN', city: 'Hoan Kiem' });
    expect(order.payment).toMatchObject({
      brand: 'VISA',
      last4: '4242',
      status: 'PAID',
      captured: { amountMinor: t.total.amountMinor },
      refunded: { amountMinor: '0' },
    });

    // Stock left on-hand exactly; nothing is held any more.
    expect(await checkout.stock(a)).toEqual({ onHand: stockA.onHand - 2, reserved: 0, available: stockA.onHand - 2 });
    expect(await checkout.stock(b)).toEqual({ onHand: stockB.onHand - 1, reserved: 0, available: stockB.onHand - 1 });
    // The coupon counted once; the points moved once (spent 100, earned the reward).
    expect(await usage()).toBe(usedBefore + 1);
    const account = await stack.client.data(MyAccountDocument, {}, { token: customer.token });
    expect(account.me!.loyalty.points).toBe(500 - 100 + order.loyaltyPointsEarned);
    // The session and its cart are closed.
    const session = await stack.client.data(CheckoutSessionDocument, { id: preview.id }, { token: customer.token });
    expect(session.checkoutSession!.status).toBe('COMPLETED');
    expect(session.checkoutSession!.cart.status).toBe('ORDERED');
    // The provider holds one authorization, captured once for the total.
    const sim = await checkout.simPayments(order.payment!.id);
    expect(sim).toHaveLength(1);
    expect(sim[0]).toMatchObject({ captured: t.total.amountMinor, voided: '0' });

    // The same key returns the same order and calls the provider no more.
    const again = await checkout.confirm(customer.token, preview, key);
    expect(again.order!.id).toBe(order.id);
    expect((await checkout.simPayments(order.payment!.id))[0]!.events).toHaveLength(sim[0]!.events.length);
    expect(await usage()).toBe(usedBefore + 1);
    // Another key for the confirmed session returns its order too.
    expect((await checkout.confirm(customer.token, preview)).order!.id).toBe(order.id);
    const reread = await stack.client.data(OrderDocument, { id: order.id }, { token: customer.token });
    expect(reread.order!.statusHistory.map((s) => s.status)).toEqual(['PENDING', 'CONFIRMED']);
  });

  it('asks a guest for a contact email before confirming, then confirms', async () => {
    const sku = skus[2]!;
    await kit.setAvailable(sku, 5);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 1 }]);
    const refused = await checkout.confirm(guest, preview);
    expect(refused.state).toBe('FAILED');
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['checkout', 'email'] })]);
    expect(await paymentIdsOf(stack, preview.id)).toEqual([]);

    const withEmail = await checkout.update(guest, { checkoutSessionId: preview.id, email: 'Guest.Buyer@Example.com' });
    const confirmed = await checkout.confirm(guest, withEmail);
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.state).toBe('COMPLETED');
    expect(confirmed.order).toMatchObject({ status: 'CONFIRMED', email: 'guest.buyer@example.com', loyaltyPointsEarned: 0 });
  });

  it('refuses the same key with another request and changes nothing', async () => {
    const sku = skus[3]!;
    await kit.setAvailable(sku, 5);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 1 }], { email: 'reuse@example.com' });
    const key = randomUUID();
    const first = await checkout.confirm(guest, preview, key, {
      ...preview.totals.total,
      amountMinor: String(BigInt(preview.totals.total.amountMinor) + 1n),
    });
    expect(first.userErrors.map((e) => e.code)).toEqual(['TOTALS_CHANGED']);
    const reused = await checkout.confirm(guest, preview, key);
    expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await paymentIdsOf(stack, preview.id)).toEqual([]);
  });

  it('answers TOTALS_CHANGED with the fresh preview when a price moved, charges nothing, and confirms at the new total', async () => {
    const sku = skus[4]!;
    await kit.setAvailable(sku, 5);
    await kit.setPrice(sku, 200_000n);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 1 }], { email: 'moved@example.com' });
    await kit.setPrice(sku, 210_000n);
    const refused = await checkout.confirm(guest, preview);
    expect(refused.state).toBe('FAILED');
    expect(refused.userErrors.map((e) => e.code)).toEqual(['TOTALS_CHANGED']);
    const fresh = refused.checkoutSession!;
    expect(BigInt(fresh.totals.total.amountMinor)).toBeGreaterThan(BigInt(preview.totals.total.amountMinor));
    expect(fresh.status).toBe('OPEN');
    expect(await paymentIdsOf(stack, preview.id)).toEqual([]);
    expect((await checkout.stock(sku)).reserved).toBe(1);

    const confirmed = await checkout.confirm(guest, fresh);
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.order!.total.amountMinor).toBe(fresh.totals.total.amountMinor);
  });

  it('keeps the session open with its stock after a decline, and confirms with another card', async () => {
    const sku = skus[5]!;
    await kit.setAvailable(sku, 3);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 2 }], {
      email: 'declined@example.com',
      card: 'tok_chargeDeclinedInsufficientFunds',
    });
    const declined = await checkout.confirm(guest, preview);
    expect(declined.state).toBe('FAILED');
    expect(declined.order).toBeNull();
    expect(declined.declineCode).toBe('insufficient_funds');
    expect(declined.userErrors).toEqual([expect.objectContaining({ code: 'PAYMENT_DECLINED' })]);
    const session = await stack.client.data(CheckoutSessionDocument, { id: preview.id }, { token: guest });
    expect(session.checkoutSession!.status).toBe('OPEN');
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 3, reserved: 2 });

    const retried = await checkout.useCard(guest, preview.id, 'tok_visa');
    const confirmed = await checkout.confirm(guest, retried);
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.order!.status).toBe('CONFIRMED');
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 1, reserved: 0 });
    const payments = await paymentIdsOf(stack, preview.id);
    expect(payments).toHaveLength(2);
    expect(await checkout.simPayments(payments[0]!)).toEqual([expect.objectContaining({ status: 'declined', captured: '0' })]);
  });

  it('refuses an archived variant of an active product at add, at start and at confirm, and warns about it in the cart', async () => {
    const [sku, other] = [skus[7]!, skus[8]!];
    await kit.setAvailable(sku, 10);
    await kit.setAvailable(other, 10);
    const confirming = await kit.guest();
    const preview = await checkout.ready(confirming, [{ sku, quantity: 1 }], { email: 'archived@example.com' });
    const starting = await kit.guest();
    expect(
      (await stack.client.data(AddToCartDocument, { input: { sku, quantity: 1 } }, { token: starting })).addCartItem.userErrors,
    ).toEqual([]);

    const archived = await stack.client.data(AdminArchiveProductVariantDocument, { input: { sku } }, { token: await kit.admin() });
    expect(archived.archiveProductVariant.userErrors).toEqual([]);

    const refused = await checkout.confirm(confirming, preview);
    expect(refused.state).toBe('FAILED');
    expect(refused.userErrors.map((e) => e.code)).toEqual(['NOT_SELLABLE']);
    expect(await paymentIdsOf(stack, preview.id)).toEqual([]);
    const cart = (await stack.client.data(ShopperCartDocument, {}, { token: starting })).cart!;
    expect(cart.lines.find((l) => l.sku === sku)!.warnings.map((w) => w.code)).toContain('NOT_SELLABLE');
    const start = (await stack.client.data(StartCheckoutDocument, {}, { token: starting })).startCheckout;
    expect(start.userErrors.map((e) => e.code)).toEqual(['NOT_SELLABLE']);
    const add = (await stack.client.data(AddToCartDocument, { input: { sku, quantity: 1 } }, { token: await kit.guest() })).addCartItem;
    expect(add.userErrors.map((e) => e.code)).toEqual(['NOT_SELLABLE']);
    // Its active sibling is still sold.
    expect(
      (await stack.client.data(AddToCartDocument, { input: { sku: other, quantity: 1 } }, { token: await kit.guest() })).addCartItem
        .userErrors,
    ).toEqual([]);
  });

  it('gives one order, one authorization and one capture to ten parallel confirms of one session', async () => {
    const sku = skus[6]!;
    await kit.setAvailable(sku, 5);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 1 }], { email: 'parallel@example.com' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkout.confirm(guest, preview)));
    for (const a of answers) expect(a.userErrors).toEqual([]);
    const ids = new Set(answers.flatMap((a) => (a.order ? [a.order.id] : [])));
    expect(ids.size).toBe(1);
    const payments = await paymentIdsOf(stack, preview.id);
    expect(payments).toHaveLength(1);
    const sim = await checkout.simPayments(payments[0]!);
    expect(sim).toHaveLength(1);
    expect(sim[0]!.events.filter((e) => e.type === 'authorization.succeeded')).toHaveLength(1);
    expect(sim[0]!.events.filter((e) => e.type === 'capture.succeeded')).toHaveLength(1);
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });
});
