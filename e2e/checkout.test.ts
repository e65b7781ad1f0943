import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PreparedSql } from '@shopgraph/db';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { expireDueSessions } from '@shopgraph/order/checkout-expiry';
import { saveCheckoutChanges, sessionWithCart } from '@shopgraph/order/store';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AbandonCheckoutDocument,
  AddPaymentMethodDocument,
  AddToCartDocument,
  AdjustLoyaltyPointsDocument,
  AdminCreateCampaignDocument,
  AdminDeactivateCampaignDocument,
  AdminGenerateCouponCodesDocument,
  AdminPromotionsDocument,
  CheckoutSessionDocument,
  CreateAddressDocument,
  AdminSetShippingMethodDocument,
  AdminSetShippingRateDocument,
  AdminSetTaxRateDocument,
  ShopperCartDocument,
  StartCheckoutDocument,
  UpdateCheckoutStateDocument,
  type UpdateCheckoutStateInput,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(60)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(100);
const hanoi = {
  fullName: 'Ana Nguyen',
  line1: '1 Trang Tien',
  city: 'Hoan Kiem',
  region: 'Ha Noi',
  postalCode: '100000',
  countryCode: 'VN',
};

/** Issue 7, checkout sessions: stock held, state updates, an authoritative totals preview, expiry. */
describe('checkout sessions through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let code: string;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    const token = await kit.admin();
    // Only the promotion this test sets up may apply, so the expected figures are known.
    for (const p of (await stack.client.data(AdminPromotionsDocument, {}, { token })).promotions.filter((p) => p.active)) {
      expect(
        (await stack.client.data(AdminDeactivateCampaignDocument, { input: { id: p.id } }, { token })).deactivateCampaign.userErrors,
      ).toEqual([]);
    }
    const created = await stack.client.data(
      AdminCreateCampaignDocument,
      { input: { name: 'E2E ten percent', discountType: 'PERCENTAGE', percentageBasisPoints: 1000, currency: 'VND', requiresCode: true } },
      { token },
    );
    expect(created.createCampaign.userErrors).toEqual([]);
    const codes = await stack.client.data(
      AdminGenerateCouponCodesDocument,
      { input: { campaignId: created.createCampaign.promotion!.id, count: 1, prefix: 'E2E', singleUse: false } },
      { token },
    );
    code = codes.generateCouponCodes.codes[0]!;
    // A courier at a flat 30 000 VND in Vietnam and a 10 % sales tax added on top: known figures.
    const method = await stack.client.data(
      AdminSetShippingMethodDocument,
      { input: { code: 'E2E_COURIER', name: 'E2E courier', estimatedDaysMin: 1, estimatedDaysMax: 2, freeShippingThresholdMinor: null } },
      { token },
    );
    expect(method.setShippingMethod.userErrors).toEqual([]);
    const rate = await stack.client.data(
      AdminSetShippingRateDocument,
      { input: { methodCode: 'E2E_COURIER', zoneCode: 'DOMESTIC', minWeightGrams: 0, maxWeightGrams: null, priceMinor: '30000' } },
      { token },
    );
    expect(rate.setShippingRate.userErrors).toEqual([]);
    const tax = await stack.client.data(
      AdminSetTaxRateDocument,
      { input: { countryCode: 'VN', region: null, category: 'STANDARD', ratePercent: '10', inclusive: false } },
      { token },
    );
    expect(tax.setTaxRate.userErrors).toEqual([]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const add = async (token: string, sku: string, quantity: number) => {
    const result = (await stack.client.data(AddToCartDocument, { input: { sku, quantity } }, { token })).addCartItem;
    expect(result.userErrors).toEqual([]);
    return result.cart!;
  };
  const start = async (token: string) => (await stack.client.data(StartCheckoutDocument, {}, { token })).startCheckout;
  const update = async (token: string, input: Record<string, unknown>) =>
    (await stack.client.data(UpdateCheckoutStateDocument, { input: input as unknown as UpdateCheckoutStateInput }, { token }))
      .updateCheckoutState;

  it('holds the stock from startCheckout, locks the cart, and releases both when abandoned', async () => {
    const sku = skus[0]!;
    await kit.setAvailable(sku, 10);
    const shopper = await kit.guest();
    await add(shopper, sku, 3);
    const started = await start(shopper);
    expect(started.userErrors).toEqual([]);
    const session = started.checkoutSession!;
    expect(session).toMatchObject({ status: 'OPEN', cart: { status: 'CHECKOUT' }, loyalty: null, savedAddresses: [], email: null });
    // A guest gives the contact email the order confirmation will go to.
    const contact = await update(shopper, { checkoutSessionId: session.id, email: 'Guest.Shopper@Example.com' });
    expect(contact).toMatchObject({ userErrors: [], checkoutSession: { email: 'guest.shopper@example.com' } });
    expect(new Date(session.expiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await kit.available(sku)).toBe(7);

    // Starting again returns the same session and holds nothing more.
    expect((await start(shopper)).checkoutSession!.id).toBe(session.id);
    expect(await kit.available(sku)).toBe(7);

    // The cart cannot change during checkout.
    const refused = (await stack.client.data(AddToCartDocument, { input: { sku, quantity: 1 } }, { token: shopper })).addCartItem;
    expect(refused.userErrors).toEqual([
      { code: 'CART_NOT_ACTIVE', field: ['input'], message: expect.stringContaining('abandon the checkout') },
    ]);

    const abandoned = (await stack.client.data(AbandonCheckoutDocument, { input: { checkoutSessionId: session.id } }, { token: shopper }))
      .abandonCheckout;
    expect(abandoned.checkoutSession).toMatchObject({ status: 'ABANDONED', cart: { status: 'ACTIVE' } });
    expect(await kit.available(sku)).toBe(10);
    expect((await add(shopper, sku, 1)).lines[0]!.quantity).toBe(4);
  });

  it('refuses a checkout the inventory cannot hold, and an empty cart', async () => {
    const sku = skus[1]!;
    await kit.setAvailable(sku, 5);
    const shopper = await kit.guest();
    expect((await start(shopper)).userErrors.map((e) => e.code)).toEqual(['CART_EMPTY']);
    await add(shopper, sku, 4);
    await kit.setAvailable(sku, 2);
    const short = await start(shopper);
    expect(short.checkoutSession).toBeNull();
    expect(short.userErrors).toEqual([
      { code: 'INSUFFICIENT_STOCK', field: ['cart', 'lines', expect.any(String)], message: expect.stringContaining('Only 2') },
    ]);
    expect((await stack.client.data(ShopperCartDocument, {}, { token: shopper })).cart!.status).toBe('ACTIVE');
    expect(await kit.available(sku)).toBe(2);
  });

  it('saves an update in one statement: untouched fields kept, null clears, a closed or timed-out session is not written', async () => {
    const sku = skus[3]!;
    await kit.setAvailable(sku, 10);
    const shopper = await kit.guest();
    await add(shopper, sku, 2);
    const id = (await start(shopper)).checkoutSession!.id;
    const set = await update(shopper, {
      checkoutSessionId: id,
      shippingAddress: { address: hanoi },
      notes: 'first',
      email: 'Guest@Example.com',
    });
    expect(set.userErrors).toEqual([]);
    const sql = await PreparedSql.of(stack.subgraphs.order.runtime.orm.em);

    const notes = await saveCheckoutChanges(sql, id, { notes: 'second' }, 'E2E_COURIER');
    expect(notes).toMatchObject({
      id,
      status: 'OPEN',
      notes: 'second',
      email: 'guest@example.com',
      shippingMethodCode: 'E2E_COURIER',
      promotionCodes: [],
      loyaltyPoints: 0,
    });
    expect(notes!.shippingAddress).toMatchObject({ city: 'Hoan Kiem', countryCode: 'VN' });
    expect(notes!.expiresAt).toBeInstanceOf(Date);

    const cleared = await saveCheckoutChanges(sql, id, { email: null, shippingAddress: null, promotionCodes: ['A', 'B'] }, null);
    expect(cleared).toMatchObject({
      notes: 'second',
      email: null,
      shippingAddress: null,
      shippingMethodCode: null,
      promotionCodes: ['A', 'B'],
    });
    const read = await sessionWithCart(sql, id);
    expect(read!.session).toMatchObject({ notes: 'second', email: null, shippingAddress: null, promotionCodes: ['A', 'B'] });
    expect(read!.cart.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);

    // Past its time by `now`, or no longer OPEN: nothing is written.
    expect(await saveCheckoutChanges(sql, id, { notes: 'late' }, null, new Date(Date.now() + 16 * 60_000))).toBeNull();
    expect(
      (await stack.client.data(AbandonCheckoutDocument, { input: { checkoutSessionId: id } }, { token: shopper })).abandonCheckout
        .userErrors,
    ).toEqual([]);
    expect(await saveCheckoutChanges(sql, id, { notes: 'after' }, null)).toBeNull();
    expect((await sessionWithCart(sql, id))!.session).toMatchObject({ status: 'ABANDONED', notes: 'second' });
  });

  it('expires a session after its TTL: stock released, cart editable, mutations give CHECKOUT_EXPIRED', async () => {
    const sku = skus[2]!;
    await kit.setAvailable(sku, 8);
    const shopper = await kit.guest();
    await add(shopper, sku, 5);
    const session = (await start(shopper)).checkoutSession!;
    expect(await kit.available(sku)).toBe(3);

    const order = stack.subgraphs.order.runtime;
    expect(await expireDueSessions(order.orm.em.fork(), order, new Date(Date.now() + 14 * 60_000))).toBe(0);
    expect(await kit.available(sku)).toBe(3);
    expect(await expireDueSessions(order.orm.em.fork(), order, new Date(Date.now() + 16 * 60_000))).toBe(1);

    expect(await kit.available(sku)).toBe(8);
    const read = await stack.client.data(CheckoutSessionDocument, { id: session.id }, { token: shopper });
    expect(read.checkoutSession).toMatchObject({ status: 'EXPIRED', cart: { status: 'ACTIVE' } });
    const late = await update(shopper, { checkoutSessionId: session.id, notes: 'too late' });
    expect(late).toEqual({
      checkoutSession: null,
      userErrors: [{ code: 'CHECKOUT_EXPIRED', field: ['input', 'checkoutSessionId'], message: expect.any(String) }],
    });
    expect((await add(shopper, sku, 1)).lines[0]!.quantity).toBe(6);
  });

  it('refuses bad checkout input with clear errors, and another shopper gets FORBIDDEN; nothing changes', async () => {
    const sku = skus[3]!;
    await kit.setAvailable(sku, 10);
    const customer = await kit.customer('bad-input');
    await add(customer.token, sku, 1);
    const session = (await start(customer.token)).checkoutSession!;
    const before = (await stack.client.data(CheckoutSessionDocument, { id: session.id }, { token: customer.token })).checkoutSession;

    const expectRefused = async (input: Record<string, unknown>, code: string, field: string[]) => {
      const result = await update(customer.token, { checkoutSessionId: session.id, ...input });
      expect(result).toEqual({ checkoutSession: null, userErrors: expect.arrayContaining([{ code, field, message: expect.any(String) }]) });
    };
    await expectRefused({ promotionCodes: ['NO-SUCH-CODE'] }, 'INVALID_PROMOTION_CODE', ['input', 'promotionCodes']);
    await expectRefused({ shippingAddress: { address: { ...hanoi, countryCode: 'ZZ' } } }, 'INVALID_INPUT', [
      'input',
      'shippingAddress',
      'address',
      'countryCode',
    ]);
    await expectRefused({ shippingAddress: { address: { ...hanoi, region: null } } }, 'INVALID_INPUT', [
      'input',
      'shippingAddress',
      'address',
      'region',
    ]);
    await expectRefused({ billingAddress: { savedAddressId: '00000000-0000-4000-8000-000000000000' } }, 'NOT_FOUND', [
      'input',
      'billingAddress',
      'savedAddressId',
    ]);
    await expectRefused(
      { payment: { card: { providerToken: '4242 4242 4242 4242', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2035 } } },
      'INVALID_INPUT',
      ['input', 'payment', 'card', 'providerToken'],
    );
    await expectRefused({ loyaltyPoints: 5 }, 'INSUFFICIENT_POINTS', ['input', 'loyaltyPoints']);
    await expectRefused({ loyaltyPoints: -1 }, 'INVALID_INPUT', ['input', 'loyaltyPoints']);
    await expectRefused({ email: 'not-an-email' }, 'INVALID_INPUT', ['input', 'email']);
    // A valid change alongside an invalid one is not applied either.
    await expectRefused({ notes: 'leave at the door', promotionCodes: [code, 'NO-SUCH-CODE'] }, 'INVALID_PROMOTION_CODE', [
      'input',
      'promotionCodes',
    ]);

    const intruder = await kit.customer('intruder');
    const peek = await stack.client.request(CheckoutSessionDocument, { id: session.id }, { token: intruder.token });
    expect(peek.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const meddle = await stack.client.request(
      UpdateCheckoutStateDocument,
      { input: { checkoutSessionId: session.id, notes: 'mine now' } },
      { token: intruder.token },
    );
    expect(meddle.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const drop = await stack.client.request(
      AbandonCheckoutDocument,
      { input: { checkoutSessionId: session.id } },
      { token: intruder.token },
    );
    expect(drop.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await update(intruder.token, { checkoutSessionId: '00000000-0000-4000-8000-000000000000', notes: 'x' })).userErrors.map(
        (e) => e.code,
      ),
    ).toEqual(['NOT_FOUND']);

    const after = (await stack.client.data(CheckoutSessionDocument, { id: session.id }, { token: customer.token })).checkoutSession;
    expect({ ...after, expiresAt: null }).toEqual({ ...before, expiresAt: null });
    expect(after!.status).toBe('OPEN');
  });

  it('a customer sets addresses, shipping, a saved card, a promotion code and points: the preview equals an independent calculation', async () => {
    const [a, b] = [skus[4]!, skus[5]!];
    await kit.setAvailable(a, 10);
    await kit.setAvailable(b, 10);
    await kit.setPrice(a, 200_000n);
    await kit.setPrice(b, 300_000n);
    const customer = await kit.customer('saved');
    const address = (
      await stack.client.data(
        CreateAddressDocument,
        { input: { address: hanoi, makeDefaultFor: ['SHIPPING', 'BILLING'] } },
        { token: customer.token },
      )
    ).createAddress.address!;
    const card = (
      await stack.client.data(
        AddPaymentMethodDocument,
        { input: { providerToken: 'pm_secret_token_e2e', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2035 } },
        { token: customer.token },
      )
    ).addPaymentMethod.paymentMethod!;
    const admin = await kit.admin();
    expect(
      (
        await stack.client.data(
          AdjustLoyaltyPointsDocument,
          { input: { customerId: customer.id, points: 1000, reason: 'E2E' } },
          { token: admin },
        )
      ).adjustLoyaltyPoints.userErrors,
    ).toEqual([]);
    await add(customer.token, a, 2);
    await add(customer.token, b, 1);

    const started = await start(customer.token);
    expect(started.userErrors).toEqual([]);
    const session = started.checkoutSession!;
    expect(session.savedAddresses).toEqual([expect.objectContaining({ savedAddressId: address.id, countryCode: 'VN' })]);
    expect(session.shippingAddress).toMatchObject({ savedAddressId: address.id });
    expect(session.billingAddress).toMatchObject({ savedAddressId: address.id });
    expect(session.savedPaymentMethods).toEqual([{ savedPaymentMethodId: card.id, brand: 'VISA', last4: '4242' }]);
    expect(session.loyalty).toMatchObject({ availablePoints: 1000, availableValue: { amountMinor: '10000', currencyCode: 'VND' } });
    expect(JSON.stringify(session)).not.toContain('pm_secret_token_e2e');

    const updated = await update(customer.token, {
      checkoutSessionId: session.id,
      payment: { savedPaymentMethodId: card.id },
      promotionCodes: [code],
      loyaltyPoints: 700,
      notes: ' Ring twice ',
    });
    expect(updated.userErrors).toEqual([]);
    const s = updated.checkoutSession!;
    expect(JSON.stringify(s)).not.toContain('pm_secret_token_e2e');
    expect(s).toMatchObject({
      paymentMethod: { savedPaymentMethodId: card.id, last4: '4242' },
      promotionCodes: [code.toLowerCase()],
      notes: 'Ring twice',
    });
    // The confirmation goes to the account email unless another is given at checkout.
    expect(session.email).toBe(customer.email);
    const contact = await update(customer.token, { checkoutSessionId: session.id, email: ' Gift.Desk@Example.com ' });
    expect(contact.userErrors).toEqual([]);
    expect(contact.checkoutSession!.email).toBe('gift.desk@example.com');
    // Independent figures: 2 × 200 000 + 300 000 = 700 000; 10 % = 70 000 (40 000 + 30 000);
    // 700 points × 10 ₫ = 7 000, split 360 000 : 270 000 = 4 000 + 3 000.
    expect(
      s.lines.map((l) => [
        l.sku,
        l.lineTotal.amountMinor,
        l.promotionDiscount.amountMinor,
        l.loyaltyDiscount.amountMinor,
        l.total.amountMinor,
      ]),
    ).toEqual([
      [a, '400000', '40000', '4000', '356000'],
      [b, '300000', '30000', '3000', '267000'],
    ]);
    expect(s.totals.subtotal.amountMinor).toBe('700000');
    expect(s.totals.discounts.map((d) => [d.kind, d.code, d.points, d.amount.amountMinor])).toEqual([
      ['PROMOTION', code.toLowerCase(), null, '70000'],
      ['LOYALTY', null, 700, '7000'],
    ]);
    expect(s.totals.discountTotal.amountMinor).toBe('77000');
    // The applied promotion is the federated Promotion: its name comes from the promotion subgraph.
    expect(s.totals.discounts[0]!.promotion).toMatchObject({ name: 'E2E ten percent' });

    // Shipping to the saved address with the courier this test priced, taxed at its 10 % exclusive
    // rate: lines 356 000 + 267 000 → 35 600 + 26 700, shipping 30 000 → 3 000.
    const shipped = await update(customer.token, { checkoutSessionId: session.id, shippingMethodCode: 'E2E_COURIER' });
    expect(shipped.userErrors).toEqual([]);
    const t = shipped.checkoutSession!;
    expect(t.shippingOptions.map((o) => o.code)).toContain('E2E_COURIER');
    expect(t.shippingMethod).toMatchObject({ code: 'E2E_COURIER', price: { amountMinor: '30000' } });
    const expected = {
      subtotal: 700_000n,
      discounts: 70_000n + 7_000n,
      shipping: 30_000n,
      tax: 35_600n + 26_700n + 3_000n,
    };
    expect(t.totals).toMatchObject({
      currency: 'VND',
      subtotal: { amountMinor: String(expected.subtotal) },
      discountTotal: { amountMinor: String(expected.discounts) },
      shipping: { amountMinor: String(expected.shipping) },
      tax: { amountMinor: String(expected.tax) },
      exclusiveTax: { amountMinor: String(expected.tax) },
      total: { amountMinor: String(expected.subtotal - expected.discounts + expected.shipping + expected.tax) },
    });
    // A method not offered where the address is refused, and nothing changes.
    const express = await update(customer.token, { checkoutSessionId: session.id, shippingMethodCode: 'NO_SUCH_METHOD' });
    expect(express.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'shippingMethodCode'], message: expect.stringContaining('not offered') },
    ]);
    // Points beyond what the merchandise after promotions can absorb (630 000 ₫ = 63 000 points)
    // are refused even with the balance, and the session reads back unchanged.
    expect(
      (
        await stack.client.data(
          AdjustLoyaltyPointsDocument,
          { input: { customerId: customer.id, points: 100_000, reason: 'E2E' } },
          { token: admin },
        )
      ).adjustLoyaltyPoints.userErrors,
    ).toEqual([]);
    const greedy = await update(customer.token, { checkoutSessionId: session.id, loyaltyPoints: 70_000 });
    expect(greedy.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'loyaltyPoints'], message: expect.stringContaining('At most 63000 points') },
    ]);
    const read = (await stack.client.data(CheckoutSessionDocument, { id: session.id }, { token: customer.token })).checkoutSession!;
    expect(read.loyalty).toMatchObject({ availablePoints: 101_000, maxUsablePoints: 63_000, pointsToUse: 700 });
    expect(read.totals).toEqual(t.totals);
  });
});
