import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import pg from 'pg';
import { BadUserInputError } from '@shopgraph/errors';
import { createLogger } from '@shopgraph/observability';
import { ServiceCallError, formatError } from '@shopgraph/subgraph';

const format = formatError(createLogger('test', 'silent'));

/** What Apollo hands the formatter for an error a resolver threw: its message, path and, in development, the stack. */
function thrown(error: unknown): [GraphQLFormattedError, unknown] {
  const wrapped = error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error });
  return [{ ...wrapped.toJSON(), path: ['field'], extensions: { ...wrapped.extensions, stacktrace: ['at secret.ts:1'] } }, wrapped];
}

describe('formatError', () => {
  let client: pg.Client;
  const databaseError = async (sql: string, params: unknown[] = []): Promise<unknown> =>
    client.query(sql, params).then(
      () => undefined,
      (e: unknown) => e,
    );

  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.SHOPGRAPH_TEST_SERVER_URL });
    await client.connect();
    await client.query(
      'create temp table parent (id int primary key); create temp table child (parent int references parent, name varchar(3))',
    );
  });
  afterAll(async () => {
    await client.end();
  });

  it('answers input PostgreSQL refused as BAD_USER_INPUT without the database message, in development too', async () => {
    const refused: [string, unknown[]][] = [
      [`select 'nope'::uuid`, []], // 22P02
      ['select $1::text', ['a\u0000b']], // 22021
      [`select '9999999999'::int`, []], // 22003
      [`insert into child values (null, 'four')`, []], // 22001
      ['insert into child values (1, null)', []], // 23503
    ];
    for (const [sql, params] of refused) {
      const error = await databaseError(sql, params);
      expect(error).toBeInstanceOf(Error);
      const formatted = format(...thrown(error));
      expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(formatted.path).toEqual(['field']);
      expect(formatted.message).not.toContain((error as Error).message);
    }
  });

  it('masks any other error as INTERNAL_SERVER_ERROR without message or stack, in development too', async () => {
    for (const error of [new Error('connect ECONNREFUSED 10.0.0.5:5432'), await databaseError('select * from no_such_table')]) {
      expect(format(...thrown(error))).toEqual({
        message: 'Internal server error',
        path: ['field'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });

  it('keeps our coded errors, and carries another subgraph refusing the input as BAD_USER_INPUT', () => {
    const ours = format(...thrown(new BadUserInputError('quantity must be positive', ['input', 'quantity'])));
    expect(ours).toMatchObject({
      message: 'quantity must be positive',
      extensions: { code: 'BAD_USER_INPUT', field: ['input', 'quantity'] },
    });
    const downstream = new ServiceCallError('catalog', [{ message: 'sku is too long', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(format(...thrown(downstream))).toEqual({ message: 'sku is too long', path: ['field'], extensions: { code: 'BAD_USER_INPUT' } });
    const failed = new ServiceCallError('catalog', [{ message: 'HTTP 502 without data' }]);
    expect(format(...thrown(failed)).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
