import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SUBGRAPH_NAMES } from '@shopgraph/config';
import { type SchemaCheckInput, type SubgraphSdl, checkSchema, compose, routingUrl } from '../src/schema-check.js';

const committedSdls: SubgraphSdl[] = SUBGRAPH_NAMES.map((name) => ({
  name,
  url: routingUrl(name),
  sdl: readFileSync(`schema/subgraphs/${name}.graphql`, 'utf8'),
}));

function composedSupergraph(sdls: SubgraphSdl[]): string {
  const result = compose(sdls);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.supergraphSdl;
}

/** A check input in which the committed files match the code exactly. */
function consistent(sdls: SubgraphSdl[], base?: string): SchemaCheckInput {
  const supergraph = composedSupergraph(sdls);
  return {
    current: sdls,
    committed: {
      subgraphs: Object.fromEntries(sdls.map((s) => [s.name, s.sdl])),
      supergraph,
      api: undefined,
    },
    baseSupergraph: base,
    acknowledged: [],
    operations: [],
  };
}

function withSdl(name: string, edit: (sdl: string) => string): SubgraphSdl[] {
  return committedSdls.map((s) => (s.name === name ? { ...s, sdl: edit(s.sdl) } : s));
}

const withoutStale = (problems: string[]) => problems.filter((p) => !p.startsWith('stale API schema'));

describe('schema check', () => {
  it('passes on the committed schema', async () => {
    const problems = await checkSchema({
      current: committedSdls,
      committed: {
        subgraphs: Object.fromEntries(committedSdls.map((s) => [s.name, s.sdl])),
        supergraph: readFileSync('schema/supergraph.graphql', 'utf8'),
        api: readFileSync('schema/api.graphql', 'utf8'),
      },
      baseSupergraph: readFileSync('schema/supergraph.graphql', 'utf8'),
      acknowledged: [],
      operations: [{ file: 'ok.graphql', source: '{ products(first: 1) { totalCount } }' }],
    });
    expect(problems).toEqual([]);
  });

  it('fails when composition fails', async () => {
    // Money is a shared value type: two subgraphs disagreeing on a field type cannot compose.
    const broken = withSdl('catalog', (sdl) => sdl.replace(/amount: Decimal!/, 'amount: Int!'));
    const input = consistent(committedSdls);
    const problems = await checkSchema({
      ...input,
      current: broken,
      committed: { ...input.committed, subgraphs: Object.fromEntries(broken.map((s) => [s.name, s.sdl])) },
    });
    expect(problems.some((p) => p.startsWith('composition:') && p.includes('Money.amount'))).toBe(true);
  });

  it('fails when a committed SDL is stale', async () => {
    const input = consistent(committedSdls);
    const changed = withSdl('review', (sdl) => sdl.replace('"""Headline."""', '"""The headline."""'));
    const problems = await checkSchema({ ...input, current: changed });
    expect(problems).toContain('stale SDL: schema/subgraphs/review.graphql differs from the code (run npm run schema)');
  });

  it('fails on an unacknowledged breaking change and passes once it is acknowledged', async () => {
    const base = composedSupergraph(committedSdls);
    const removed = withSdl('catalog', (sdl) => sdl.replace(/\n\s*"""Brand or maker."""\n\s*brand: String!/, ''));
    expect(removed.find((s) => s.name === 'catalog')!.sdl).not.toContain('brand: String!');
    const input = consistent(removed, base);
    const problems = withoutStale(await checkSchema(input));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^breaking change not acknowledged .*FIELD_REMOVED Product\.brand/);
    expect(withoutStale(await checkSchema({ ...input, acknowledged: ['FIELD_REMOVED Product.brand'] }))).toEqual([]);
  });

  it('fails on a frontend operation that does not validate', async () => {
    const input = consistent(committedSdls);
    const problems = withoutStale(
      await checkSchema({ ...input, operations: [{ file: 'bad.graphql', source: '{ products { edges { node { price } } } }' }] }),
    );
    expect(problems).toEqual([expect.stringMatching(/^invalid operation: bad\.graphql: Cannot query field "price" on type "Product"/)]);
  });
  it('lets an operation use a fragment of another file, and refuses unknown and doubly defined fragments', async () => {
    const input = consistent(committedSdls);
    const fragment = { file: 'fields.graphql', source: 'fragment Named on Product { id name }' };
    const user = { file: 'use.graphql', source: '{ products(first: 1) { edges { node { ...Named } } } }' };
    expect(withoutStale(await checkSchema({ ...input, operations: [fragment, user] }))).toEqual([]);
    expect(withoutStale(await checkSchema({ ...input, operations: [user] }))).toEqual([
      expect.stringMatching(/^invalid operation: use\.graphql: Unknown fragment "Named"/),
    ]);
    expect(withoutStale(await checkSchema({ ...input, operations: [fragment] }))).toEqual([
      'invalid operation: fields.graphql: Fragment "Named" is never used.',
    ]);
    const again = { file: 'again.graphql', source: 'fragment Named on Product { id }' };
    expect(withoutStale(await checkSchema({ ...input, operations: [fragment, again, user] }))).toEqual([
      'invalid operation: again.graphql: fragment Named is already defined in fields.graphql',
    ]);
  });
});
