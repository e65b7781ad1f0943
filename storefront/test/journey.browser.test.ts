import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import type { BrowserContext, Page } from 'playwright-core';
import { guardedContext, screenshot, type NetworkLog } from './browser.js';
import {
  type Shop,
  addToCart,
  grantPoints,
  chooseCard,
  enterAddress,
  openProduct,
  placeOrder,
  requestsDuring,
  startCheckout,
  startShop,
  statusReads,
} from './shop.js';

/** Page content is wider than the window (horizontal scrolling at phone width). */
const overflows = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1');

/**
 * Issue 22, items 3 and 4: the storefront built by Vite, served by the gateway, walked through in
 * chromium with every request to another host blocked — a guest at phone width, a declined card
 * then a good one, 3-D Secure, a customer (register, cart merge, address book, promotion code,
 * account pages) and the confirmation page following a staff action live. The listing and the
 * product page each make one GraphQL request.
 */
describe('the storefront in a browser', () => {
  let shop: Shop;
  const contexts: { context: BrowserContext; log: NetworkLog }[] = [];
  const open = async (options: { phone?: boolean } = {}) => {
    const guarded = await guardedContext(shop.browser, options);
    contexts.push(guarded);
    return { page: await guarded.context.newPage(), log: guarded.log };
  };

  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => {
    for (const { context, log } of contexts) {
      await context.close();
      expect(log.external).toEqual([]);
    }
    await shop?.stop();
  });

  it('takes a guest at phone width from the listing to a paid order, one request per catalogue page', async () => {
    const { page, log } = await open({ phone: true });
    const listing = await requestsDuring(log, async () => {
      await page.goto(shop.origin);
      await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
      await page.locator('.product-grid li').first().waitFor();
    });
    expect(listing).toEqual(['StorefrontListing']);
    expect(await overflows(page)).toBe(false);
    await screenshot(page, 'listing-phone');

    const searched = await requestsDuring(log, async () => {
      await page.getByRole('searchbox', { name: 'Search' }).fill(shop.product.name);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\?q=/);
      await page.getByRole('link', { name: shop.product.name }).first().waitFor();
    });
    expect(searched).toEqual(['StorefrontListing']);

    const product = await requestsDuring(log, async () => {
      await page.getByRole('link', { name: shop.product.name }).first().click();
      await page.getByRole('heading', { level: 1, name: shop.product.name }).waitFor();
      await page.getByRole('heading', { name: /^Reviews/ }).waitFor();
    });
    expect(product).toEqual(['StorefrontProduct']);
    expect(await overflows(page)).toBe(false);
    await screenshot(page, 'product-phone');

    await addToCart(page, 2);
    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await screenshot(page, 'cart-phone');
    await page.getByRole('button', { name: 'Go to checkout' }).click();
    await page.getByLabel('Email for your receipt').fill('guest-phone@example.com');
    await page.getByRole('button', { name: 'Save email' }).click();
    await enterAddress(page);
    await page.locator('input[name=shipping]').first().click();
    await page.locator('input[name=shipping]:checked:not([disabled])').waitFor();
    await chooseCard(page, /4242/);
    expect(await overflows(page)).toBe(false);
    await screenshot(page, 'checkout-phone');
    await placeOrder(page);
    await statusReads(page, 'Confirmed');
    expect(await page.getByText('guest-phone@example.com').count()).toBeGreaterThan(0);
    await screenshot(page, 'confirmation-phone');
  });

  it('shows a declined card, then pays with a good one', async () => {
    const { page } = await open();
    await openProduct(page, shop.origin, shop.product.name);
    await addToCart(page);
    await startCheckout(page, { email: 'declined@example.com' });
    await chooseCard(page, /0002/);
    await placeOrder(page);
    await page
      .getByRole('alert')
      .filter({ hasText: /declined/i })
      .first()
      .waitFor();
    await screenshot(page, 'checkout-declined');
    await chooseCard(page, /4242/);
    await placeOrder(page);
    await statusReads(page, 'Confirmed');
  });

  it('warns in the cart when a price changed since the item was added', async () => {
    const { page } = await open();
    await openProduct(page, shop.origin, shop.product.name);
    await addToCart(page);
    try {
      for (const v of shop.product.variants) await shop.kit.setPrice(v.sku, v.basePriceMinor + 1000n);
      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.locator('[data-code=PRICE_CHANGED]').first().waitFor();
      expect(
        await page
          .getByRole('status')
          .filter({ hasText: /price of .* changed/ })
          .count(),
      ).toBe(1);
      await screenshot(page, 'cart-warning');
    } finally {
      for (const v of shop.product.variants) await shop.kit.setPrice(v.sku, v.basePriceMinor);
    }
  });

  it('completes 3-D Secure in the provider window and lands on the paid order', async () => {
    const { page, log } = await open();
    await openProduct(page, shop.origin, shop.product.name);
    await addToCart(page);
    await startCheckout(page, { email: '3ds@example.com' });
    await chooseCard(page, /3-D Secure/);
    await placeOrder(page);
    const challenge = page.getByRole('link', { name: 'Open the 3-D Secure check' });
    await challenge.waitFor();
    await screenshot(page, 'checkout-3ds');
    const [popup] = await Promise.all([page.context().waitForEvent('page'), challenge.click()]);
    await popup.getByRole('heading', { name: '3-D Secure challenge' }).waitFor();
    const approved = popup.waitForResponse((r) => r.url().endsWith('/approve'));
    await popup.getByRole('button', { name: 'Approve' }).click();
    expect((await approved).status()).toBe(200);
    await page.getByRole('button', { name: 'I have completed the check' }).click();
    await statusReads(page, 'Confirmed');
    expect(log.graphql.filter((r) => r.operationName === 'ConfirmCheckout').length).toBeGreaterThanOrEqual(2);
  });

  it('registers a customer who keeps the guest cart, uses the address book, points and a code, sees the order live, reviews, signs out and in', async () => {
    const { page } = await open();
    const coupon = await shop.kit.coupon('Browser 5%', 500, 'BROWSER');
    await openProduct(page, shop.origin, shop.product.name);
    await addToCart(page, 3);

    await page.getByRole('link', { name: 'Sign in' }).click();
    const email = `browser.${Date.now()}@example.com`;
    await page.getByLabel('First name').fill('Bao');
    await page.getByLabel('Last name').fill('Tran');
    await page
      .getByRole('region', { name: /Create an account/ })
      .getByLabel('Email')
      .fill(email);
    await page.getByLabel('Password (10+ characters)').fill('storefront-pass-42');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('link', { name: 'Account' }).waitFor();
    expect(await grantPoints(shop, email, 500)).toBe(500);

    // The guest's cart came along (cart merge).
    await page.getByRole('link', { name: /^Cart/ }).click();
    await page
      .getByRole('cell', { name: new RegExp(shop.product.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .waitFor();
    expect(await page.locator('.cart-lines input[type=number]').first().inputValue()).toBe('3');

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Full name').fill('Bao Tran');
    await page.getByLabel('Address', { exact: true }).fill('12 Ly Thai To');
    await page.getByLabel('City').fill('Hoan Kiem');
    await page.getByLabel('Region').fill('Ha Noi');
    await page.getByLabel('Postal code').fill('100000');
    await page.getByRole('button', { name: 'Save address' }).click();
    await page.getByText('12 Ly Thai To').waitFor();

    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('button', { name: 'Go to checkout' }).click();
    await page.getByRole('radio', { name: /12 Ly Thai To/ }).click();
    await page.getByText('Shipping to Bao Tran').waitFor();
    await page.locator('input[name=shipping]').first().click();
    await page.locator('input[name=shipping]:checked:not([disabled])').waitFor();
    // Points granted by staff pay for part of the order.
    await page.getByRole('heading', { name: 'Loyalty points' }).waitFor();
    await page.getByLabel('Points to use').fill('100');
    await page.getByRole('button', { name: 'Use points' }).click();
    await page.locator('.totals .discount').filter({ hasText: '100 loyalty points' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill(coupon.code);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .locator('.totals .discount')
      .filter({ hasText: /Browser 5%/ })
      .waitFor();
    await chooseCard(page, /4242/);
    await screenshot(page, 'checkout');
    await placeOrder(page);
    await statusReads(page, 'Confirmed');
    await screenshot(page, 'confirmation');
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // A staff member cancels the order; the open confirmation page follows without a reload.
    const cancelled = await shop.stack.client.request(
      parse(`mutation StaffCancel($id: ID!) { cancelOrder(input: { orderId: $id }) { order { status } userErrors { code message } } }`),
      { id: orderId },
      { token: await shop.kit.admin() },
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data).toMatchObject({ cancelOrder: { userErrors: [] } });
    await statusReads(page, 'Cancelled');
    await screenshot(page, 'confirmation-live');

    await page.getByRole('link', { name: 'Account' }).click();
    await page
      .getByRole('link', { name: /^Order / })
      .first()
      .waitFor();
    await screenshot(page, 'account');
  });
});
