import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startStack } from '@shopgraph/testing';
import { checkoutKit } from './checkout-kit.js';
import { ProductListingDocument } from './generated/graphql.js';
import { shopKit } from './shop-kit.js';
import { STACK_APPS } from '../scripts/src/stack-apps.js';

const run = promisify(execFile);
const ROOT = process.cwd();

/** `npm pack` of a folder into `into` without lifecycle scripts; the tarball's path. */
async function pack(folder: string, into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into, `./${folder}`], { cwd: ROOT });
  return join(into, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
}

/** What a project in another repository would write: the packed client, used by its public name. */
const APP = `
import { ProductListingDocument, StartGuestSessionDocument, OrderStatusChangedDocument, createShopgraphClient, formatMoney } from '@shopgraph/client';

const client = createShopgraphClient({ url: process.env.GATEWAY_URL, getToken: () => process.env.TOKEN });
const listing = await client.request(ProductListingDocument, { first: 2 });
const guest = await client.request(StartGuestSessionDocument);
const price = listing.products.edges[0].node.variants[0].basePrice;
const event = await new Promise((resolve, reject) => {
  const stop = client.subscribe(OrderStatusChangedDocument, { orderId: process.env.ORDER_ID }, {
    next: (data) => { stop(); resolve(data.orderStatusChanged); },
    error: reject,
  });
});
await client.dispose();
console.log(JSON.stringify({
  names: listing.products.edges.map((e) => e.node.name),
  guestToken: guest.startGuestSession.token.accessToken.length > 0,
  price: formatMoney(price),
  status: event.status,
  resolved: import.meta.resolve('@shopgraph/client'),
}));
`;

/**
 * Issue 22, item 2: the client package as another repository gets it. It is built, packed with
 * `npm pack`, installed from the tarball into a project outside the workspace (its dependencies
 * from tarballs of the workspace's copies: no registry), imported by name, and run against a stack.
 */
describe('@shopgraph/client packed and used from outside the workspace', () => {
  let stack: TestStack;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shopgraph-client-'));
    [stack] = await Promise.all([
      startStack(STACK_APPS),
      run(resolve(ROOT, 'node_modules/.bin/tsc'), ['-b', 'packages/client'], { cwd: ROOT }),
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('installs from its tarball and runs a query, a mutation and a subscription', async () => {
    const tarballs = join(dir, 'tarballs');
    await mkdir(tarballs);
    const client = await pack('packages/client', tarballs);
    const deps = await Promise.all(
      ['graphql', 'graphql-ws', '@graphql-typed-document-node/core'].map((name) => pack(`node_modules/${name}`, tarballs)),
    );
    const { stdout: listed } = await run('tar', ['-tzf', client]);
    expect(listed.split('\n').filter(Boolean).sort()).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/generated/graphql.js',
      ]),
    );
    expect(listed).not.toMatch(/package\/(src|test)\//);

    const app = join(dir, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'outside-app', private: true, type: 'module' }));
    await writeFile(join(app, 'main.mjs'), APP);
    await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', client, ...deps], { cwd: app });
    expect((await readdir(join(app, 'node_modules', '@shopgraph'))).sort()).toEqual(['client']);

    const kit = shopKit(stack);
    const checkout = checkoutKit(stack, kit.admin);
    const token = await kit.guest();
    const variant = (await stack.client.data(ProductListingDocument, { first: 20 })).products.edges
      .flatMap((e) => e.node.variants)
      .find((v) => v.availability.available >= 1)!;
    const order = (
      await checkout.confirm(token, await checkout.ready(token, [{ sku: variant.sku, quantity: 1 }], { email: 'pack@example.com' }))
    ).order!;

    const { stdout } = await run(process.execPath, ['main.mjs'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', GATEWAY_URL: stack.gateway.url, TOKEN: token, ORDER_ID: order.id },
    });
    const result = JSON.parse(stdout) as { names: string[]; guestToken: boolean; price: string; status: string; resolved: string };
    expect(result.names).toHaveLength(2);
    expect(result.guestToken).toBe(true);
    expect(result.price).toMatch(/₫/);
    expect(result.status).toBe('CONFIRMED');
    expect(result.resolved).toBe(`file://${join(app, 'node_modules/@shopgraph/client/dist/index.js')}`);
  });
});
