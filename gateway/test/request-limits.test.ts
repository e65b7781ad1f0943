import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery } from 'graphql';
import { DEFAULT_EDGE } from '../src/config.js';
import { requestLimits } from '../src/edge/request-limits.js';

const schema = buildSchema(await readFile(resolve(process.cwd(), 'schema/api.graphql'), 'utf8'));
const limits = requestLimits(DEFAULT_EDGE, true);

/** Request limits must refuse abuse without refusing what the frontends send. */
describe('request limits (defaults)', () => {
  it('accept every frontend operation in schema/operations', async () => {
    const dir = resolve(process.cwd(), 'schema/operations');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const errors = limits.check(schema, await readFile(resolve(dir, file), 'utf8'));
      expect({ file, errors: errors?.map((e) => e.message) }).toEqual({ file, errors: undefined });
    }
  });

  it('accept the introspection query of development tools', () => {
    expect(
      limits.check(
        schema,
        getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
      ),
    ).toBeUndefined();
  });

  it('refuse too deep, too many aliases, too many directives and too many tokens', () => {
    let deep = 'id';
    for (let i = 0; i < 10; i++) deep = `product { variants { ${deep} } }`;
    const tooDeep = limits.check(schema, `{ products(first: 1) { edges { node { variants { ${deep} } } } } }`);
    expect(tooDeep?.[0]?.message).toMatch(/depth limit of 12 exceeded/i);
    expect(tooDeep?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const aliases = Array.from(
      { length: DEFAULT_EDGE.maxAliases + 1 },
      (_, i) => `a${i}: products(first: 1) { edges { node { id } } }`,
    ).join(' ');
    expect(limits.check(schema, `{ ${aliases} }`)?.[0]?.message).toMatch(/aliases limit of 15 exceeded/i);

    const directives = Array.from({ length: DEFAULT_EDGE.maxDirectives + 1 }, () => '@skip(if: false)').join(' ');
    expect(limits.check(schema, `{ __typename ${directives} }`)?.[0]?.message).toMatch(/directives limit of 50 exceeded/i);

    const tokens = limits.check(schema, `{ ${'__typename '.repeat(DEFAULT_EDGE.maxTokens)} }`);
    expect(tokens?.[0]?.message).toMatch(/more tha[nt] 2000 tokens/i);
    expect(tokens?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');

    expect(limits.check(schema, `{ __typename }`)).toBeUndefined();
  });

  it('count every alias, __typename ones and those in fragments too, and refuse with a plain message', () => {
    const typenames = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ');
    const refused = limits.check(schema, `{ ${typenames(300)} }`);
    expect(refused?.map((e) => [e.message, e.extensions.code])).toEqual([
      ['Aliases limit of 15 exceeded, found 300.', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
    expect(limits.check(schema, `{ ...Names } fragment Names on Query { ${typenames(16)} }`)?.[0]?.message).toMatch(/found 16/);
    expect(limits.check(schema, `{ a: __typename ...Names } fragment Names on Query { ${typenames(15)} }`)?.[0]?.message).toMatch(
      /found 16/,
    );
    expect(limits.check(schema, `{ ...Names } fragment Names on Query { ${typenames(15)} }`)).toBeUndefined();
  });

  it('refuse 15 aliases of products(first: 100) by cost, and accept a normal listing', () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `p${i}: products(first: 100) { edges { node { id name } } }`).join(' ');
    const refused = limits.check(schema, `query Scrape { ${aliases} }`);
    expect(refused?.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(refused?.[0]?.message).toMatch(/^Operation Scrape costs \d+, above the limit of 10000/);
    const listing = `{ products(first: 20) { totalCount edges { node { id name variants { sku basePrice { amount currencyCode } } } } } }`;
    expect(limits.check(schema, listing)).toBeUndefined();
  });
});
