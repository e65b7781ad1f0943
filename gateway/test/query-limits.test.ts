import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { type EdgeSettings, type RunningGateway, startGateway } from '@shopgraph/gateway';
import { GraphQLTestClient, type TestStack, startStack } from '@shopgraph/testing';
import { ProductListingDocument } from '../../e2e/generated/graphql.js';
import { STACK_APPS } from '../../scripts/src/stack-apps.js';

interface RawResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Posts a GraphQL operation anonymously, keeping the HTTP status. */
async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as RawResponse['body'] };
}

const refusal = (response: RawResponse) => ({
  status: response.status,
  data: response.body.data,
  errors: response.body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })),
});
const typenames = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ');
const scrape = (first: string) =>
  `query Scrape${first === '$n' ? '($n: Int)' : ''} { ${Array.from({ length: 15 }, (_, i) => `p${i}: products(first: ${first}) { edges { node { id name slug } } }`).join(' ')} }`;

/** Issue 16 item 7: alias and cost limits at the gateway, over HTTP and graphql-ws. */
describe('gateway query limits (defaults)', () => {
  let stack: TestStack<EdgeSettings, RunningGateway>;
  let small: RunningGateway | undefined;
  const subscribeOnce = async (client: GraphQLTestClient, query: string) => {
    const token = (await stack.subgraphs.customer.runtime.signer!.sign(randomUUID(), { role: 'customer' }, 600)).token;
    const document = parse(query) as TypedDocumentNode<unknown, Record<string, never>>;
    const subscription = client.subscribe(document, {}, { token });
    try {
      return await subscription.next().then(
        () => 'an event',
        (error: unknown) => error,
      );
    } finally {
      await subscription.close();
    }
  };

  beforeAll(async () => {
    stack = await startStack(STACK_APPS, { seed: true });
  });
  afterAll(async () => {
    await small?.stop();
    await stack?.stop();
  });

  it('refuses 300 __typename aliases with HTTP 400, GRAPHQL_VALIDATION_FAILED and the alias count', async () => {
    expect(refusal(await post(stack.gateway.url, `{ ${typenames(300)} }`))).toEqual({
      status: 400,
      data: undefined,
      errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Aliases limit of 15 exceeded, found 300.' }],
    });
  });

  it('refuses one anonymous request with 15 aliases of products(first: 100), the page size literal or a variable', async () => {
    for (const [query, variables] of [
      [scrape('100'), {}],
      [scrape('$n'), { n: 100 }],
    ] as const) {
      const response = await post(stack.gateway.url, query, variables);
      expect(refusal(response)).toEqual({
        status: 400,
        data: undefined,
        errors: [
          { code: 'GRAPHQL_VALIDATION_FAILED', message: expect.stringMatching(/^Operation Scrape costs \d+, above the limit of 10000/) },
        ],
      });
    }
  });

  it('serves the frontend product listing at its largest page', async () => {
    const listing = await stack.client.data(ProductListingDocument, { first: 100 });
    expect(listing.products.edges.length).toBeGreaterThan(0);
    expect(listing.products.edges[0]!.node.variants.length).toBeGreaterThan(0);
  });

  it('applies the alias and cost limits to subscriptions over graphql-ws', async () => {
    const subscription = (selection: string) => `subscription Watch { orderStatusChanged(orderId: "${randomUUID()}") { ${selection} } }`;
    expect(await subscribeOnce(stack.client, subscription(typenames(16)))).toEqual([
      expect.objectContaining({ message: 'Aliases limit of 15 exceeded, found 16.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    // No subscription of this schema reaches the default cost on its own: a gateway with a small limit shows the rule applies.
    small = await startGateway({ ...stack.gatewayOptions, edge: { ...stack.gatewayOptions.edge, maxCost: 20 } });
    const costly = subscription('order { items { sku product { name variants { sku } } } }');
    expect(await subscribeOnce(new GraphQLTestClient(small.url, small.wsUrl), costly)).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Operation Watch costs \d+, above the limit of 20/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });
});
