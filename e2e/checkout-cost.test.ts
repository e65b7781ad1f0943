import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SubgraphName } from '@shopgraph/config';
import { type StatementCounter, countStatements } from '@shopgraph/db';
import { demoProducts } from '@shopgraph/demo-data';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AddToCartDocument,
  ShopperCartDocument,
  StartCheckoutDocument,
  UpdateCartItemDocument,
  UpdateCheckoutStateDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts(120)
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(300, 340);

/**
 * Issue 7, performance: the cart query and each cart and checkout mutation make the same number
 * of subgraph calls and SQL statements in the order subgraph for a 1-line and a 30-line cart.
 */
describe('cart and checkout cost does not grow with the lines', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  const calls: SubgraphName[] = [];
  let statements: StatementCounter;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    const runtime = stack.subgraphs.order.runtime;
    const client = runtime.client.bind(runtime);
    runtime.client = (target) => {
      const c = client(target);
      return Object.assign(Object.create(c) as typeof c, {
        request: (query: string, variables?: Record<string, unknown>) => {
          calls.push(target);
          return c.request(query, variables);
        },
      });
    };
    // Every statement of the order subgraph: its prepared statements (by name) and the ORM's.
    statements = countStatements({ schema: 'order' });
    for (const sku of skus) await kit.setAvailable(sku, 50);
  });
  afterAll(async () => {
    statements?.stop();
    await stack?.stop();
  });

  async function measure(run: () => Promise<unknown>): Promise<{ calls: number; statements: number }> {
    calls.length = 0;
    statements.reset();
    await run();
    // Sweeps and jobs run on their own timers, outside any request: only the request's statements count.
    return { calls: calls.length, statements: statements.statements.filter((s) => s.requestId !== null).length };
  }

  async function costs(lines: number) {
    const token = await kit.guest();
    for (const sku of skus.slice(0, lines)) await stack.client.data(AddToCartDocument, { input: { sku, quantity: 1 } }, { token });
    const add = await measure(() => stack.client.data(AddToCartDocument, { input: { sku: skus[0]!, quantity: 1 } }, { token }));
    const cart = (await stack.client.data(ShopperCartDocument, {}, { token })).cart!;
    expect(cart.lines).toHaveLength(lines);
    const read = await measure(() => stack.client.data(ShopperCartDocument, {}, { token }));
    const change = await measure(() =>
      stack.client.data(UpdateCartItemDocument, { input: { lineId: cart.lines[0]!.id, quantity: 3 } }, { token }),
    );
    let sessionId = '';
    const start = await measure(async () => {
      sessionId = (await stack.client.data(StartCheckoutDocument, {}, { token })).startCheckout.checkoutSession!.id;
    });
    const update = await measure(async () => {
      const shippingAddress = {
        address: { fullName: 'Cost', line1: '1 Le Loi', city: 'District 1', region: 'Ho Chi Minh', countryCode: 'VN' },
      };
      const input = { checkoutSessionId: sessionId, shippingAddress, shippingMethodCode: 'STANDARD', notes: 'cost' };
      const result = await stack.client.data(UpdateCheckoutStateDocument, { input }, { token });
      expect(result.updateCheckoutState.userErrors).toEqual([]);
    });
    return { add, read, change, start, update };
  }

  it('1 line and 30 lines cost the same', async () => {
    const one = await costs(1);
    const thirty = await costs(30);
    expect(thirty).toEqual(one);
    // The update priced (variants and prices in one catalog call), quoted shipping, evaluated
    // promotions and, no discount changing the quote's input, reused that quote: three calls.
    expect(one.update.calls).toBe(3);
    // A cart read and change: catalog (variants and prices together) and inventory, in one round.
    expect({ add: one.add.calls, read: one.read.calls, change: one.change.calls }).toEqual({ add: 2, read: 2, change: 2 });
    // SQL: the update reads the session with its cart and lines in one query and saves in
    // one UPDATE; a cart read is one query; an add reads the lines to predict, then in one
    // transaction creates the cart if needed, locks it, reads its lines and writes the line.
    expect({ update: one.update.statements, read: one.read.statements, add: one.add.statements }).toEqual({ update: 2, read: 1, add: 5 });
    // And the counts are small: a handful of calls and statements per operation.
    for (const cost of Object.values(one)) {
      expect(cost.calls).toBeLessThanOrEqual(6);
      expect(cost.statements).toBeLessThanOrEqual(12);
    }
  });
});
