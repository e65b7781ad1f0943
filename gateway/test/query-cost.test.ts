import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { DEFAULT_EDGE } from '../src/config.js';
import { type CostModel, costLimitRule, operationCosts } from '../src/edge/query-cost.js';
import { COST_MODEL } from '../src/edge/request-limits.js';

const schema = buildSchema(`
  type Query {
    products(first: Int, last: Int, after: String): ProductConnection!
    product(id: ID!): Product
    categories: [Category!]!
  }
  type ProductConnection { totalCount: Int! pageInfo: PageInfo! edges: [ProductEdge!]! }
  type PageInfo { hasNextPage: Boolean! }
  type ProductEdge { cursor: String! node: Product! }
  type Product { id: ID! name: String! variants: [Variant!]! }
  type Variant { sku: String! product: Product! }
  type Category { name: String! }
`);
const model: CostModel = { defaultPageSize: 20, maxPageSize: 100, unpagedListSize: 3, pageItemCost: 0 };
const costs = (document: string, costModel = model) => operationCosts(schema, parse(document), costModel).map((o) => o.cost);
const PAGE = '{ totalCount pageInfo { hasNextPage } edges { node { id } } }';

describe('operation cost', () => {
  it('counts every field resolved once as 1; __typename too, introspection not', () => {
    expect(costs('{ product(id: "1") { id name } }')).toEqual([3]);
    expect(costs('{ __typename __schema { types { name fields { name } } } }')).toEqual([1]);
  });

  it('sizes a page by first or last: literal (capped at the largest page), absent (default), variable (largest page)', () => {
    // products 1 + totalCount 1 + pageInfo 2 + edges n × (edge 1 + node 1 + id 1): the page sizes edges, not pageInfo.
    const page = (n: number) => 4 + 3 * n;
    expect(costs(`{ products(first: 10) ${PAGE} }`)).toEqual([page(10)]);
    expect(costs(`{ products(last: 5) ${PAGE} }`)).toEqual([page(5)]);
    expect(costs(`{ products ${PAGE} }`)).toEqual([page(20)]);
    expect(costs(`{ products(first: null) ${PAGE} }`)).toEqual([page(20)]);
    expect(costs(`query ($n: Int = 1) { products(first: $n) ${PAGE} }`)).toEqual([page(100)]);
    expect(costs(`{ products(first: 100000) ${PAGE} }`)).toEqual([page(100)]);
  });

  it('adds the cost of loading each item of a page, whatever is selected on it', () => {
    expect(costs('{ products(first: 10) { totalCount } }', { ...model, pageItemCost: 10 })).toEqual([2 + 10 * 10]);
  });

  it('multiplies what a list without paging arguments selects by the assumed list size, at every level', () => {
    expect(costs('{ categories { name } }')).toEqual([3 * 2]);
    // variants 3 × (1 + product 1 + variants 3 × (1 + sku 1))
    expect(costs('{ product(id: "1") { variants { product { variants { sku } } } } }')).toEqual([1 + 3 * (1 + 1 + 3 * 2)]);
  });

  it('counts fragments and inline fragments where they are spread, keeping the page size of the field around them', () => {
    const inline = costs(`{ products(first: 10) { ... on ProductConnection { edges { node { id } } } } }`);
    const spread = costs(`{ products(first: 10) { ...Page } } fragment Page on ProductConnection { edges { node { id } } }`);
    expect(inline).toEqual([1 + 10 * 3]);
    expect(spread).toEqual(inline);
    expect(costs('{ product(id: "1") { ...F ...F } } fragment F on Product { id name }')).toEqual([1 + 2 + 2]);
  });

  it('costs fragments that spread each other twice over without walking every path, and stops at a cycle', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Product { ...F${i} ...F${i} }`).join('\n');
    expect(costs(`{ product(id: "1") { ...F40 } } fragment F0 on Product { id } ${levels}`)).toEqual([1 + 2 ** 40]);
    expect(costs('{ product(id: "1") { ...A } } fragment A on Product { id ...B } fragment B on Product { name ...A }')).toEqual([3]);
  });

  it('costs each operation of a document on its own', () => {
    expect(costs(`query A { products(first: 1) ${PAGE} } query B { categories { name } }`)).toEqual([7, 6]);
  });
});

describe('cost limit rule', () => {
  const errors = (document: string, maxCost: number) => validate(schema, parse(document), [costLimitRule(maxCost, model)]);

  it('refuses an operation above the limit with a message naming its cost and the limit; at the limit it passes', () => {
    const document = `query Listing { products(first: 10) ${PAGE} }`;
    expect(errors(document, 34)).toEqual([]);
    const refused = errors(document, 33);
    expect(refused.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Operation Listing costs 34, above the limit of 33: ask for smaller pages/),
    ]);
    expect(refused[0]!.locations).toEqual([{ line: 1, column: 1 }]);
  });
});

/** Issue 16 item 7: the default limit lets every frontend document through and refuses the abuse that was reported. */
describe('default cost limit against the API', () => {
  const api = async () => buildSchema(await readFile(resolve(process.cwd(), 'schema/api.graphql'), 'utf8'));

  it('accepts every operation in schema/operations, each page a variable sizes counted at the largest page (100)', async () => {
    const apiSchema = await api();
    const dir = resolve(process.cwd(), 'schema/operations');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(0);
    const priced: { operation: string; cost: number }[] = [];
    for (const file of files) {
      const document = parse(await readFile(resolve(dir, file), 'utf8'));
      for (const { operation, cost } of operationCosts(apiSchema, document, COST_MODEL)) {
        priced.push({ operation: `${file} ${operation.name?.value ?? '(anonymous)'}`, cost });
      }
    }
    expect(priced.length).toBeGreaterThan(files.length);
    expect(priced.filter((p) => p.cost > DEFAULT_EDGE.maxCost)).toEqual([]);
    // The listing at its largest page is what the limit is tuned around.
    expect(priced.find((p) => p.operation === 'catalog.graphql ProductListing')!.cost).toBeGreaterThan(DEFAULT_EDGE.maxCost / 2);
  });

  it('refuses 15 aliases of products(first: 100), whatever is selected and however the page size is given', async () => {
    const apiSchema = await api();
    const aliased = (field: string, selection: string) =>
      `query ($n: Int) { ${Array.from({ length: 15 }, (_, i) => `a${i}: ${field} ${selection}`).join(' ')} }`;
    for (const field of ['products(first: 100)', 'products(first: $n)']) {
      for (const selection of ['{ totalCount }', '{ edges { node { id } } }', '{ edges { node { id name variants { sku } } } }']) {
        const [priced] = operationCosts(apiSchema, parse(aliased(field, selection)), COST_MODEL);
        expect({ field, selection, refused: priced!.cost > DEFAULT_EDGE.maxCost }).toEqual({ field, selection, refused: true });
      }
    }
  });
});
