import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Debian's chromium, the one browser these tests drive (`npx playwright install` cannot run here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go (git-ignored test artifacts). */
export const ARTIFACTS = resolve(process.cwd(), 'storefront/test/artifacts');

/**
 * Starts headless chromium with the flags this machine's closed network needs (no background
 * networking, updates or sync: their connections would be refused or looked up at every start).
 * Playwright gives every launch a fresh, empty profile.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** True for a URL on this machine (what the stack serves); data: and blob: URLs never leave the page. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** What a page asked of the network: requests to other hosts (blocked), GraphQL calls, WebSockets. */
export interface NetworkLog {
  /** Every request to a host other than this machine's, each aborted. */
  external: string[];
  /** Every GraphQL HTTP request, with its operation name. */
  graphql: { url: string; operationName: string | undefined }[];
  /** Every WebSocket the page opened. */
  webSockets: string[];
}

/**
 * A browser context whose every request to another host is aborted and logged, with the GraphQL
 * requests and WebSockets of its pages recorded (phone-sized when `phone`).
 */
export async function guardedContext(
  browser: Browser,
  options: { phone?: boolean } = {},
): Promise<{ context: BrowserContext; log: NetworkLog }> {
  const context = await browser.newContext(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
  const log: NetworkLog = { external: [], graphql: [], webSockets: [] };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) {
      await route.continue();
      return;
    }
    log.external.push(url);
    await route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON() as { operationName?: string; query?: string } | null;
    const operationName = body?.operationName ?? /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(body?.query ?? '')?.[1];
    log.graphql.push({ url: request.url(), operationName });
  });
  context.on('page', (page) => watchSockets(page, log));
  return { context, log };
}

function watchSockets(page: Page, log: NetworkLog): void {
  page.on('websocket', (socket) => {
    log.webSockets.push(socket.url());
    if (!isLocal(socket.url().replace(/^ws/, 'http'))) log.external.push(socket.url());
  });
}

/** Saves a full-page screenshot under storefront/test/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
}
