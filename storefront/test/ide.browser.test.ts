import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startStack } from '@shopgraph/testing';
import type { Browser, Page } from 'playwright-core';
import { checkoutKit } from '../../e2e/checkout-kit.js';
import { ProductListingDocument } from '../../e2e/generated/graphql.js';
import { shopKit } from '../../e2e/shop-kit.js';
import { STACK_APPS } from '../../scripts/src/stack-apps.js';
import { type NetworkLog, guardedContext, launchBrowser, screenshot } from './browser.js';

/** Replaces the text of the Monaco editor `editor` (GraphiQL's query or headers editor). */
async function fillEditor(page: Page, selector: string, text: string): Promise<void> {
  const editor = page.locator(selector).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const QUERY = '.graphiql-query-editor .monaco-editor';
const HEADERS = '.monaco-editor[data-uri$="headers.json"]';

/** Waits until GraphiQL has taken in the edited document (its tab is named after the operation), then runs it. */
async function run(page: Page, operationName: string): Promise<void> {
  await page.locator('.graphiql-tab-active').filter({ hasText: operationName }).waitFor();
  await page.locator('.graphiql-execute-button').click();
}

/** The text of GraphiQL's result pane. */
const resultText = (page: Page) => page.locator('.graphiql-response .monaco-editor .view-lines').first();

/**
 * Issue 22, item 1: the gateway's GraphQL IDE (ruru) loads with every request to another host
 * blocked, runs a query over HTTP with the auth header typed in its header editor, and shows a
 * subscription's event pushed over graphql-ws on the gateway's own origin.
 */
describe('the GraphQL IDE served by the gateway', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(STACK_APPS), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('runs a query and a subscription with no request leaving the machine', async () => {
    const kit = shopKit(stack);
    const checkout = checkoutKit(stack, kit.admin);
    const token = await kit.guest();
    const listing = await stack.client.data(ProductListingDocument, { first: 10 });
    const product = listing.products.edges.map((e) => e.node).find((p) => p.variants.some((v) => v.availability.available > 0))!;
    const variant = product.variants.find((v) => v.availability.available > 0)!;
    const order = (
      await checkout.confirm(token, await checkout.ready(token, [{ sku: variant.sku, quantity: 1 }], { email: 'ide@example.com' }))
    ).order!;
    expect(order.status).toBe('CONFIRMED');

    const { context, log } = await guardedContext(browser);
    const page = await context.newPage();
    const ideUrl = stack.gateway.url;
    const loaded = await page.goto(ideUrl);
    expect(loaded?.status()).toBe(200);
    await page.locator(QUERY).first().waitFor();

    // Headers first: the query and the subscription both carry the shopper's token.
    await page.getByRole('button', { name: 'Headers' }).click();
    await fillEditor(page, HEADERS, JSON.stringify({ Authorization: `Bearer ${token}` }));

    await fillEditor(page, QUERY, `query IdeProduct { product(id: "${product.id}") { name } me { id } }`);
    const answered = page.waitForResponse(
      (r) => r.url() === ideUrl && r.request().method() === 'POST' && r.request().postData()!.includes('IdeProduct'),
    );
    await run(page, 'IdeProduct');
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(((await response.json()) as any).data.product.name).toBe(product.name);
    await expect(resultText(page).filter({ hasText: product.name }).waitFor()).resolves.toBeUndefined();
    await screenshot(page, 'ide-query');

    // The first event of orderStatusChanged is the order's status now, so the pane shows it at once.
    await fillEditor(page, QUERY, `subscription IdeStatus { orderStatusChanged(orderId: "${order.id}") { orderId status } }`);
    await run(page, 'IdeStatus');
    await resultText(page).filter({ hasText: order.id }).waitFor();
    expect(await resultText(page).innerText()).toContain('CONFIRMED');
    await screenshot(page, 'ide-subscription');

    const origin = new URL(ideUrl);
    expect(log.webSockets).toContain(`ws://${origin.host}/graphql`);
    expect(log.external satisfies NetworkLog['external']).toEqual([]);
    await context.close();
  });
});
