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
});
