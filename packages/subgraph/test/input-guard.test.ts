import { describe, expect, it } from '@jest/globals';
import { buildSchema, graphql } from 'graphql';
import { guardInputs } from '@shopgraph/subgraph';

const SDL = `
  input AddressInput { name: String!, tags: [String!], parent: AddressInput }
  input AddInput { warehouseId: ID, sku: ID! }
  type Query {
    order(id: ID!): String
    product(sku: ID!): String
    echo(address: AddressInput, add: AddInput): String
  }
`;

/** A schema whose resolvers count their calls, guarded with two UUID coordinates. */
function guarded() {
  const schema = buildSchema(SDL);
  let calls = 0;
  const answer = () => {
    calls += 1;
    return 'ok';
  };
  for (const field of Object.values(schema.getQueryType()!.getFields())) field.resolve = answer;
  guardInputs(schema, ['Query.order.id', 'AddInput.warehouseId']);
  return {
    calls: () => calls,
    run: async (source: string, variableValues: Record<string, unknown> = {}) => {
      const result = await graphql({ schema, source, variableValues });
      return result.errors?.map((e) => [e.extensions.code, e.extensions.field]) ?? result.data;
    },
  };
}

describe('guardInputs', () => {
  it('refuses a NUL byte, a lone surrogate or an over-long string anywhere in the input, naming the field, before the resolver', async () => {
    const g = guarded();
    const echo = 'query($a: AddressInput) { echo(address: $a) }';
    expect(await g.run(echo, { a: { name: 'A\u0000' } })).toEqual([['BAD_USER_INPUT', ['address', 'name']]]);
    expect(await g.run(echo, { a: { name: 'ok', tags: ['x', '\ud800'] } })).toEqual([['BAD_USER_INPUT', ['address', 'tags', '1']]]);
    expect(await g.run(echo, { a: { name: 'ok', parent: { name: 'z'.repeat(20_001) } } })).toEqual([
      ['BAD_USER_INPUT', ['address', 'parent', 'name']],
    ]);
    expect(await g.run(`{ product(sku: "${'s'.repeat(256)}") }`)).toEqual([['BAD_USER_INPUT', ['sku']]]);
    expect(g.calls()).toBe(0);
    expect(await g.run(echo, { a: { name: 'Nguyễn 🙂', tags: ['a'], parent: { name: 'b' } } })).toEqual({ echo: 'ok' });
    expect(g.calls()).toBe(1);
  });

  it('checks UUIDs only at the listed coordinates', async () => {
    const g = guarded();
    expect(await g.run('{ order(id: "42") }')).toEqual([['BAD_USER_INPUT', ['id']]]);
    expect(await g.run('{ echo(add: { sku: "not-a-uuid", warehouseId: "w1" }) }')).toEqual([['BAD_USER_INPUT', ['add', 'warehouseId']]]);
    expect(await g.run('{ order(id: "0b6f1e0e-3f1a-4c1e-9d7a-2b8c9d0e1f2a") product(sku: "not-a-uuid") }')).toEqual({
      order: 'ok',
      product: 'ok',
    });
  });

  it('refuses to build with a coordinate that is not an ID input', () => {
    expect(() => guardInputs(buildSchema(SDL), ['Query.order.idd', 'AddressInput.name'])).toThrow(/Query\.order\.idd, AddressInput\.name/);
  });
});
