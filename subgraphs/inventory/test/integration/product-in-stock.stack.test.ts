import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../../../../scripts/src/stack-apps.js';

type Level = { warehouse: { id: string }; onHand: number; reserved: number; safetyStock: number; available: number };
type Listing = {
  products: {
    edges: {
      node: { id: string; inStock: boolean; variants: { sku: string; availability: { available: number; warehouses: Level[] | null } }[] };
    }[];
  };
};

const LISTING = parse(`query InStockListing($first: Int) {
  products(first: $first) {
    edges { node { id inStock variants { sku availability { available warehouses { warehouse { id } onHand reserved safetyStock available } } } } }
  }
}`) as TypedDocumentNode<Listing, { first?: number }>;

const ADJUST = parse(
  `mutation Adjust($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { available } userErrors { code message } } }`,
) as TypedDocumentNode<
  { adjustStock: { stockLevel: { available: number } | null; userErrors: { code: string; message: string }[] } },
  { input: { sku: string; warehouseId: string; quantityDelta: number; kind: string; reason: string } }
>;

/** Issue 5: `Product.inStock` through the gateway, from the catalog's SKUs (`@requires`). */
describe('Product.inStock through the gateway', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    admin = (await stack.subgraphs.customer.runtime.signer!.sign(randomUUID(), { role: 'staff', staffRole: 'OWNER' }, 600)).token;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const listing = async () => (await stack.client.data(LISTING, { first: 20 }, { token: admin })).products.edges.map((e) => e.node);

  it('lists products with inStock agreeing with their variants, and turns false once their stock is adjusted to 0', async () => {
    const before = await listing();
    expect(before.length).toBeGreaterThan(1);
    for (const p of before) expect(p.inStock).toBe(p.variants.some((v) => v.availability.available > 0));
    const stocked = before.filter((p) => p.inStock);
    expect(stocked.length).toBeGreaterThan(1);

    const [emptied, kept] = stocked as [Listing['products']['edges'][number]['node'], Listing['products']['edges'][number]['node']];
    for (const v of emptied.variants) {
      for (const level of v.availability.warehouses!) {
        if (level.available === 0) continue;
        const result = await stack.client.data(
          ADJUST,
          {
            input: {
              sku: v.sku,
              warehouseId: level.warehouse.id,
              quantityDelta: -level.available,
              kind: 'ADJUSTMENT',
              reason: 'stock count',
            },
          },
          { token: admin },
        );
        expect(result.adjustStock.userErrors).toEqual([]);
        expect(result.adjustStock.stockLevel!.available).toBe(0);
      }
    }

    const after = new Map((await listing()).map((p) => [p.id, p]));
    expect(after.get(emptied.id)!.inStock).toBe(false);
    expect(after.get(emptied.id)!.variants.every((v) => v.availability.available === 0)).toBe(true);
    expect(after.get(kept.id)!.inStock).toBe(true);
    for (const p of after.values()) expect(p.inStock).toBe(p.variants.some((v) => v.availability.available > 0));
  });
});
