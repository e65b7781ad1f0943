import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from '@jest/globals';
import { parse } from 'graphql';
import { type RunningGateway, startGateway } from '@shopgraph/gateway';
import { type TestStack, startStack } from '@shopgraph/testing';
import type { Browser, Page } from 'playwright-core';
import { ProductListingDocument } from '../../e2e/generated/graphql.js';
import { shopKit } from '../../e2e/shop-kit.js';
import { STACK_APPS } from '../../scripts/src/stack-apps.js';
import { type NetworkLog, launchBrowser } from './browser.js';

/** The built storefront the gateway serves (`npm run test:browser` builds it first). */
export const STOREFRONT_DIST = resolve(process.cwd(), 'storefront/dist');

/** A test stack, a gateway serving the built storefront on it, a browser, and one product well stocked. */
export interface Shop {
  stack: TestStack;
  gateway: RunningGateway;
  origin: string;
  browser: Browser;
  kit: ReturnType<typeof shopKit>;
  /** A product every journey buys: in stock (50 units of each variant), found by its name. */
  product: { id: string; name: string; variants: { sku: string; basePriceMinor: bigint }[] };
  stop(): Promise<void>;
}

/** Starts the shop the browser tests walk through. */
export async function startShop(): Promise<Shop> {
  expect(existsSync(resolve(STOREFRONT_DIST, 'index.html'))).toBe(true);
  const [stack, browser] = await Promise.all([startStack(STACK_APPS), launchBrowser()]);
  const gateway = await startGateway({ ...stack.gatewayOptions, port: 0, storefrontDir: STOREFRONT_DIST });
  const kit = shopKit(stack);
  const listing = await stack.client.data(ProductListingDocument, { first: 20 });
  const product = listing.products.edges.map((e) => e.node).find((p) => p.variants.every((v) => v.availability.available > 0))!;
  for (const variant of product.variants) await kit.setAvailable(variant.sku, 50);
  return {
    stack,
    gateway,
    origin: new URL(gateway.url).origin,
    browser,
    kit,
    product: {
      id: product.id,
      name: product.name,
      variants: product.variants.map((v) => ({ sku: v.sku, basePriceMinor: BigInt(v.basePrice.amountMinor) })),
    },
    async stop() {
      await browser.close();
      await gateway.stop();
      await stack.stop();
    },
  };
}

/** The GraphQL requests a page made while `action` ran, by operation name. */
export async function requestsDuring(log: NetworkLog, action: () => Promise<unknown>): Promise<(string | undefined)[]> {
  const before = log.graphql.length;
  await action();
  return log.graphql.slice(before).map((r) => r.operationName);
}

/** Opens the listing, searches for `name` and opens its product page. */
export async function openProduct(page: Page, origin: string, name: string): Promise<void> {
  await page.goto(origin);
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('link', { name }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Adds `quantity` of the product page's chosen variant to the cart. */
export async function addToCart(page: Page, quantity = 1): Promise<void> {
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText('Added to your cart').waitFor();
}

/** From the cart to a checkout with an address and the first shipping method (a guest also gives an email). */
export async function startCheckout(page: Page, options: { email?: string } = {}): Promise<void> {
  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.getByRole('button', { name: 'Go to checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  if (options.email) {
    await page.getByLabel('Email for your receipt').fill(options.email);
    await page.getByRole('button', { name: 'Save email' }).click();
  }
  await enterAddress(page);
  await page.locator('input[name=shipping]').first().click();
  await page.locator('input[name=shipping]:checked:not([disabled])').waitFor();
}

/** Types a Hanoi address into the checkout's address form. */
export async function enterAddress(page: Page): Promise<void> {
  await page.getByLabel('Full name').fill('Ana Nguyen');
  await page.getByLabel('Address', { exact: true }).fill('1 Trang Tien');
  await page.getByLabel('City').fill('Hoan Kiem');
  await page.getByLabel('Region').fill('Ha Noi');
  await page.getByLabel('Postal code').fill('100000');
  await page.getByRole('button', { name: 'Use this address' }).click();
  await page.getByText('Shipping to Ana Nguyen').waitFor();
}

/** Picks a test card and waits until the checkout holds it (the radio follows the session). */
export async function chooseCard(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('radio', { name: label }).click();
  await page.getByRole('radio', { name: label, checked: true, disabled: false }).waitFor();
}

/** Places the order. */
export async function placeOrder(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Place order and pay' }).click();
}

/** The order page's live status text once it reads `status`. */
export async function statusReads(page: Page, status: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: status }).waitFor();
}

/** Staff grants `points` loyalty points to the customer with `email`; the new balance. */
export async function grantPoints(shop: Shop, email: string, points: number): Promise<number> {
  const token = await shop.kit.admin();
  const found = await shop.stack.client.data(
    parse(`query StaffFindCustomer($email: String!) { customers(first: 1, search: $email) { edges { node { id email } } } }`),
    { email },
    { token },
  );
  const customerId = (found as { customers: { edges: { node: { id: string; email: string } }[] } }).customers.edges[0]!.node.id;
  const adjusted = await shop.stack.client.data(
    parse(
      `mutation StaffGrantPoints($input: AdjustLoyaltyPointsInput!) { adjustLoyaltyPoints(input: $input) { balance userErrors { code message } } }`,
    ),
    { input: { customerId, points, reason: 'browser test' } },
    { token },
  );
  const answer = (adjusted as { adjustLoyaltyPoints: { balance: number | null; userErrors: unknown[] } }).adjustLoyaltyPoints;
  expect(answer.userErrors).toEqual([]);
  return answer.balance!;
}
