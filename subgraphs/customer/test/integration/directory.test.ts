import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CustomerSubgraph, adminToken, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const CUSTOMERS =
  'query($search: String, $first: Int, $after: String) { customers(search: $search, first: $first, after: $after) { totalCount edges { node { email } } pageInfo { hasNextPage endCursor } } }';

/** Issue 4, item 5: the admin customer list. */
describe('customer directory (admin)', () => {
  let subgraph: CustomerSubgraph;
  let admin: string;
  let customerToken: string;

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
    for (const email of ['dir-alice@example.com', 'dir-bob@example.com', 'dir-carol@shop.test', 'percent_100@example.com']) {
      customerToken = (await registerCustomer(subgraph, email)).accessToken;
    }
    admin = await adminToken(subgraph);
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const list = async (variables: Record<string, unknown>) => (await subgraph.call(CUSTOMERS, variables, { token: admin })).data!.customers;
  const emails = (page: { edges: { node: { email: string } }[] }) => page.edges.map((e) => e.node.email);

  it('pages through every customer newest first', async () => {
    const first = await list({ first: 3 });
    expect(first.totalCount).toBe(4);
    expect(emails(first)).toEqual(['percent_100@example.com', 'dir-carol@shop.test', 'dir-bob@example.com']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ first: 3, after: first.pageInfo.endCursor });
    expect(emails(second)).toEqual(['dir-alice@example.com']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('searches email and names case-insensitively, treating wildcards literally', async () => {
    expect(emails(await list({ search: 'DIR-' }))).toHaveLength(3);
    expect(emails(await list({ search: 'shop.test' }))).toEqual(['dir-carol@shop.test']);
    expect(emails(await list({ search: '_' }))).toEqual(['percent_100@example.com']);
    expect((await list({ search: 'shopper' })).totalCount).toBe(4);
  });

  it('is for admins only', async () => {
    expect((await subgraph.call(CUSTOMERS, {}, { token: customerToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.call(CUSTOMERS, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await subgraph.call(CUSTOMERS, { first: 500 }, { token: admin })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
