import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { checkoutKit } from '../../e2e/checkout-kit.js';
import {
  AdminCreateFulfillmentDocument,
  AdminMarkFulfillmentDeliveredDocument,
  AdminMarkFulfillmentShippedDocument,
  AdminWarehousesDocument,
  MyAccountDocument,
  OrderLifecycleDocument,
} from '../../e2e/generated/graphql.js';
import { guardedContext, screenshot, type NetworkLog } from './browser.js';
import { type Shop, startShop } from './shop.js';

/** The password `shopKit.customer` registers with. */
const PASSWORD = 'checkout-pass-42';

/** Page content is wider than the window (horizontal scrolling at phone width). */
const overflows = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1');

/** An order card's statuses as the page marks them: `{ Status, Payment, Delivery, Returns }` → API enum value. */
const facts = async (card: Locator): Promise<Record<string, string | null>> => {
  const terms = await card.locator('.order-facts dt').allInnerTexts();
  const values = card.locator('.order-facts dd');
  const found: Record<string, string | null> = {};
  for (const [i, term] of terms.entries()) found[term] = await values.nth(i).getAttribute('data-status');
  return found;
};

/**
 * Issue 22, item 3 (account pages): at phone width, a signed-in customer follows an order that staff
 * fulfilled, shipped with a tracking number and delivered through the gateway, asks to return one
 * line, cancels another order, sees a refused cancel explained (the order shipped meanwhile), and
 * saves then removes a test card. Every request to another host is blocked.
 */
describe('the account pages in a browser', () => {
  let shop: Shop;
  let checkout: ReturnType<typeof checkoutKit>;
  let warehouseId: string;
  const contexts: { context: BrowserContext; log: NetworkLog }[] = [];

  beforeAll(async () => {
    shop = await startShop();
    checkout = checkoutKit(shop.stack, shop.kit.admin);
    warehouseId = (await shop.stack.client.data(AdminWarehousesDocument, {}, { token: await shop.kit.admin() })).warehouses[0]!.id;
  });
  afterAll(async () => {
    for (const { context, log } of contexts) {
      await context.close();
      expect(log.external).toEqual([]);
    }
    await shop?.stop();
  });

  /** A paid order of `lines` for the customer, with its line ids. */
  const paidOrder = async (token: string, lines: { sku: string; quantity: number }[]) => {
    const confirmed = await checkout.confirm(token, await checkout.ready(token, lines));
    expect(confirmed.userErrors).toEqual([]);
    const order = (await shop.stack.client.data(OrderLifecycleDocument, { id: confirmed.order!.id }, { token })).order!;
    expect(order).toMatchObject({ state: 'CONFIRMED', paymentStatus: 'PAID' });
    return order;
  };

  /** Staff packs every line of the order into one parcel and ships it with a tracking number; the parcel's id. */
  const ship = async (order: Awaited<ReturnType<typeof paidOrder>>, trackingNumber: string) => {
    const token = await shop.kit.admin();
    const lines = order.items.map((i) => ({ orderItemId: i.id, quantity: i.quantity }));
    const packed = (
      await shop.stack.client.data(
        AdminCreateFulfillmentDocument,
        { input: { orderId: order.id, lines, warehouseId, carrier: 'VNPost' } },
        { token },
      )
    ).createFulfillment;
    expect(packed.userErrors).toEqual([]);
    const shipped = (
      await shop.stack.client.data(
        AdminMarkFulfillmentShippedDocument,
        { input: { fulfillmentId: packed.fulfillment!.id, trackingNumber } },
        { token },
      )
    ).markFulfillmentShipped;
    expect(shipped.order).toMatchObject({ status: 'SHIPPED' });
    return packed.fulfillment!.id;
  };

  it('tracks a delivered order, requests a return, cancels an order, explains a refused cancel and manages saved cards', async () => {
    const [a, b] = shop.product.variants;
    expect(b).toBeDefined();
    const customer = await shop.kit.customer('account');
    const delivered = await paidOrder(customer.token, [
      { sku: a!.sku, quantity: 2 },
      { sku: b!.sku, quantity: 1 },
    ]);
    const toCancel = await paidOrder(customer.token, [{ sku: a!.sku, quantity: 1 }]);
    const shipsMeanwhile = await paidOrder(customer.token, [{ sku: b!.sku, quantity: 1 }]);

    const parcel = await ship(delivered, 'VN-BROWSER-0042');
    const arrived = (
      await shop.stack.client.data(
        AdminMarkFulfillmentDeliveredDocument,
        { input: { fulfillmentId: parcel } },
        { token: await shop.kit.admin() },
      )
    ).markFulfillmentDelivered;
    expect(arrived.order).toMatchObject({ status: 'DELIVERED', fulfillmentStatus: 'DELIVERED' });

    const guarded = await guardedContext(shop.browser, { phone: true });
    contexts.push(guarded);
    const page = await guarded.context.newPage();
    await page.goto(`${shop.origin}/sign-in?next=/account`);
    const signIn = page.getByRole('region', { name: 'Sign in', exact: true });
    await signIn.getByLabel('Email').fill(customer.email);
    await signIn.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();

    // The delivered order: its statuses, the parcel's carrier and tracking number, no cancel.
    const deliveredCard = page.getByRole('article', { name: `Order ${delivered.number}` });
    await deliveredCard.getByText('VN-BROWSER-0042').waitFor();
    expect(await facts(deliveredCard)).toEqual({ Status: 'DELIVERED', Payment: 'PAID', Delivery: 'DELIVERED', Returns: 'NONE' });
    expect(await deliveredCard.locator('.parcels li').innerText()).toMatch(/^Delivered: .* · VNPost · tracking number VN-BROWSER-0042$/);
    expect(await deliveredCard.getByRole('button', { name: /Cancel order/ }).count()).toBe(0);

    // Return one unit of the first line.
    await deliveredCard.getByRole('button', { name: /Request a return/ }).click();
    const returnForm = deliveredCard.getByRole('form', { name: `Return from order ${delivered.number}` });
    expect(await returnForm.getByRole('spinbutton').count()).toBe(2);
    await returnForm.getByLabel(/to return \(up to 2\)$/).fill('1');
    await returnForm.getByLabel('Reason').fill('Too small');
    await screenshot(page, 'account-return-phone');
    await returnForm.getByRole('button', { name: 'Send return request' }).click();
    await deliveredCard.locator('.return-requests [data-status=REQUESTED]').waitFor();
    expect(await deliveredCard.locator('.return-requests li').innerText()).toMatch(/^Requested: 1 × .* · “Too small”$/);
    expect(await facts(deliveredCard)).toMatchObject({ Returns: 'REQUESTED' });
    expect(await returnForm.count()).toBe(0);
    const asked = (await shop.stack.client.data(OrderLifecycleDocument, { id: delivered.id }, { token: customer.token })).order!;
    const lineA = delivered.items.find((i) => i.sku === a!.sku)!;
    expect(asked.returnRequests).toEqual([
      expect.objectContaining({
        status: 'REQUESTED',
        reason: 'Too small',
        lines: [expect.objectContaining({ orderItemId: lineA.id, quantity: 1 })],
      }),
    ]);

    // Cancel a confirmed order from the account page.
    const cancelCard = page.getByRole('article', { name: `Order ${toCancel.number}` });
    expect(await facts(cancelCard)).toEqual({ Status: 'CONFIRMED', Payment: 'PAID', Delivery: 'UNFULFILLED', Returns: 'NONE' });
    await cancelCard.getByRole('button', { name: /Cancel order/ }).click();
    await cancelCard.locator('.order-facts [data-status=CANCELLED]').waitFor();
    expect(await cancelCard.locator('.order-facts dd').first().innerText()).toBe('Cancelled');
    expect(await cancelCard.getByRole('button', { name: /Cancel order/ }).count()).toBe(0);
    expect((await shop.stack.client.data(OrderLifecycleDocument, { id: toCancel.id }, { token: customer.token })).order).toMatchObject({
      state: 'CANCELLED',
    });

    // An order shipped after the page loaded: the cancel is refused and the page says why.
    const lateCard = page.getByRole('article', { name: `Order ${shipsMeanwhile.number}` });
    const lateCancel = lateCard.getByRole('button', { name: /Cancel order/ });
    await lateCancel.waitFor();
    await ship(shipsMeanwhile, 'VN-BROWSER-0043');
    await lateCancel.click();
    await lateCard.getByRole('alert').filter({ hasText: 'Part of this order has shipped: return it instead of cancelling' }).waitFor();
    await lateCard.getByText('VN-BROWSER-0043').waitFor();
    expect(await facts(lateCard)).toMatchObject({ Status: 'SHIPPED' });
    expect(await lateCancel.count()).toBe(0);

    expect(await overflows(page)).toBe(false);
    await screenshot(page, 'account-orders-phone');

    // Save a test card, then remove it.
    const cards = page.getByRole('region', { name: 'Saved cards' });
    await cards.getByText('No saved cards.').waitFor();
    await cards.getByLabel('Card', { exact: true }).selectOption({ label: 'Visa •••• 4242 (approved)' });
    await cards.getByRole('button', { name: 'Save card' }).click();
    await cards.getByText(/^Visa •••• 4242, expires 12\/\d{4}/).waitFor();
    const saved = (await shop.stack.client.data(MyAccountDocument, {}, { token: customer.token })).me!.paymentMethods;
    expect(saved).toEqual([expect.objectContaining({ brand: 'VISA', last4: '4242', expiryMonth: 12 })]);
    await screenshot(page, 'account-cards-phone');
    await cards.getByRole('button', { name: 'Remove card ending 4242' }).click();
    await cards.getByText('No saved cards.').waitFor();
    expect((await shop.stack.client.data(MyAccountDocument, {}, { token: customer.token })).me!.paymentMethods).toEqual([]);
  });
});
