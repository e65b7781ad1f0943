import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@shopgraph/config';
import { type GatewayOptions, type RunningGateway, gatewayEnv, ideEnabled, startGateway } from '@shopgraph/gateway';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../../scripts/src/stack-apps.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Every URL the IDE page loads by itself: script and link targets, module imports and worker files. */
function assetUrls(html: string): string[] {
  const attributes = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  const imports = [...html.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);
  return [...attributes, ...imports];
}

/**
 * Issue 22, item 1 without a browser: the gateway's IDE page and every asset it names come from
 * the gateway's own origin; the IDE is off in production unless asked for; GraphQL GETs and POSTs
 * still reach Apollo; a built storefront is served at `/`.
 */
describe('the GraphQL IDE and storefront served by the gateway', () => {
  let stack: TestStack;
  const extra: RunningGateway[] = [];
  let storefrontDir: string;

  const another = async (overrides: Partial<GatewayOptions>) => {
    const gateway = await startGateway({ ...stack.gatewayOptions, port: 0, ...overrides });
    extra.push(gateway);
    return gateway;
  };
  const origin = (gateway: { url: string }) => new URL(gateway.url).origin;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS, { seed: false });
    storefrontDir = await mkdtemp(join(tmpdir(), 'storefront-'));
    await mkdir(join(storefrontDir, 'assets'));
    await writeFile(
      join(storefrontDir, 'index.html'),
      '<!doctype html><title>shop</title><script type="module" src="/assets/app-1.js"></script>',
    );
    await writeFile(join(storefrontDir, 'assets', 'app-1.js'), 'export {};');
  });
  afterAll(async () => {
    for (const gateway of extra) await gateway.stop();
    await stack?.stop();
    if (storefrontDir) await rm(storefrontDir, { recursive: true, force: true });
  });

  it('serves the IDE page with every script, style and worker from its own origin', async () => {
    const page = await fetch(stack.gateway.url, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('id="ruru-root"');
    expect(html).not.toMatch(/unpkg|cdn|apollographql/i);
    const urls = assetUrls(html);
    expect(urls).toEqual(expect.arrayContaining(['/ide/static/ruru.js', '/ide/static/ruru.css']));
    for (const url of urls) {
      expect(url).toMatch(/^\/[^/]/);
      const asset = await fetch(new URL(url, stack.gateway.url));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
    for (const worker of ['editorWorker.js', 'graphqlWorker.js', 'jsonWorker.js']) {
      expect(html).toContain(worker);
      expect((await fetch(new URL(`/ide/static/${worker}`, stack.gateway.url))).status).toBe(200);
    }
  });

  it('leaves GraphQL GET and POST requests to Apollo', async () => {
    const get = await fetch(`${stack.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...HTML },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('is off in production unless GRAPHQL_IDE=true, which also allows introspection', async () => {
    const production = await another({ production: true });
    const page = await fetch(production.url, { headers: HTML });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect((await fetch(new URL('/ide/static/ruru.js', production.url))).status).toBe(404);

    const withIde = await another({ production: true, ide: true });
    const idePage = await fetch(withIde.url, { headers: HTML });
    expect(await idePage.text()).toContain('id="ruru-root"');
    const introspection = await fetch(withIde.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });

    const base = { SERVICE_TOKEN: 'a-production-service-token', PAYMENT_WEBHOOK_SECRET: 'a-production-webhook-secret' };
    expect(ideEnabled(loadConfig(gatewayEnv, { NODE_ENV: 'production', ...base }))).toBe(false);
    expect(ideEnabled(loadConfig(gatewayEnv, { NODE_ENV: 'production', GRAPHQL_IDE: 'true', ...base }))).toBe(true);
    expect(ideEnabled(loadConfig(gatewayEnv, {}))).toBe(true);
    expect(ideEnabled(loadConfig(gatewayEnv, { GRAPHQL_IDE: 'false' }))).toBe(false);
    expect(() => loadConfig(gatewayEnv, { GRAPHQL_IDE: 'yes' })).toThrow(/GRAPHQL_IDE/);
  });

  it('serves a built storefront at / with its assets, any page path answering index.html', async () => {
    const gateway = await another({ storefrontDir });
    const home = await fetch(origin(gateway), { headers: HTML });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/assets/app-1.js');
    const deep = await fetch(`${origin(gateway)}/products/some-slug`, { headers: HTML });
    expect(await deep.text()).toContain('<title>shop</title>');
    const asset = await fetch(`${origin(gateway)}/assets/app-1.js`);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${origin(gateway)}/assets/missing.js`)).status).toBe(404);
    const api = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
    // Without a build the gateway serves no page at /.
    expect((await fetch(origin(stack.gateway), { headers: HTML })).status).toBe(404);
  });
});
