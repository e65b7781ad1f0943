import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type GraphQLField, type GraphQLObjectType, buildSchema } from 'graphql';
import pg from 'pg';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { ProductListingDocument } from './generated/graphql.js';
import { documentOf, hostileArguments, poisoned } from './hostile-values.js';
import { shopKit } from './shop-kit.js';

/** Words of PostgreSQL, MikroORM and pg messages that must never reach a client. */
const DATABASE_TEXT =
  /syntax error|relation "|column "|violates|invalid input (syntax|value)|SQLSTATE|pg_|duplicate key|null value in column|invalid byte sequence|value too long for type|out of range for type|DriverException|MikroORM|\bselect\b.*\bfrom\b/i;

const api = buildSchema(readFileSync(resolve(process.cwd(), 'schema/api.graphql'), 'utf8'));
const roots = [
  [api.getQueryType()!, 'query'],
  [api.getMutationType()!, 'mutation'],
] as const;
const fields = roots.flatMap(([root, operation]) =>
  Object.values(root.getFields()).map((field) => ({ root, operation, field: field as GraphQLField<unknown, unknown> })),
);

type Caller = 'anonymous' | 'guest' | 'customer' | 'admin';

interface Outcome {
  field: string;
  caller: Caller;
  status: number;
  problems: string[];
  variables?: string;
}

/**
 * Issue 16, item 6: every root field of the public API, called through the gateway with hostile
 * arguments by every kind of caller, gets a clear answer: never HTTP 5xx, never
 * INTERNAL_SERVER_ERROR, never a database message; and refused calls change no table.
 */
describe('hostile input through the gateway', () => {
  let stack: TestStack;
  let db: pg.Client;
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    const kit = shopKit(stack);
    tokens.set('anonymous', undefined);
    tokens.set('guest', await kit.guest());
    tokens.set('customer', (await kit.customer('fuzz')).token);
    tokens.set('admin', await kit.admin());
    db = new pg.Client({ connectionString: stack.gatewayOptions.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  /** A digest of every row of every table of the shop's schemas (pg-boss's queues excepted: schedulers write there). */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = await db.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'pgboss') order by 1, 2`,
    );
    const digest: Record<string, string> = {};
    for (const { schema, name } of tables.rows) {
      const row = await db.query<{ n: number; h: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${schema}"."${name}" t`,
      );
      digest[`${schema}.${name}`] = `${row.rows[0]!.n}:${row.rows[0]!.h}`;
    }
    return digest;
  }

  async function call(
    root: GraphQLObjectType,
    operation: 'query' | 'mutation',
    field: GraphQLField<unknown, unknown>,
    caller: Caller,
    variables: Record<string, unknown>,
  ): Promise<Outcome> {
    const token = tokens.get(caller);
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: documentOf(root, field, operation), variables }),
      // A call left unanswered is a finding too: it fails the case instead of hanging the run.
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const problems: string[] = [];
    if (response.status >= 500) problems.push(`HTTP ${response.status}`);
    let errors: { message?: string; extensions?: { code?: unknown } }[] = [];
    try {
      errors = (JSON.parse(text) as { errors?: typeof errors }).errors ?? [];
    } catch {
      // A refusal before GraphQL (413 for a body past the limit) has no JSON body; its status speaks.
    }
    for (const error of errors) {
      if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${error.message}`);
      if (DATABASE_TEXT.test(error.message ?? '')) problems.push(`database text: ${error.message}`);
    }
    // The variables that failed, shortened (a 1 MB string would drown the report).
    const sent = problems.length ? { variables: JSON.stringify(variables).slice(0, 400) } : {};
    return { field: field.name, caller, status: response.status, problems, ...sent };
  }

  /** One fuzz case: a batch of calls sent together, so a few thousand calls fit in well under two minutes. */
  const batch = (callers: readonly Caller[]) =>
    fc.array(
      fc
        .record({
          target: fc.constantFrom(...fields),
          caller: fc.constantFrom(...callers),
          pick: fc.nat(),
        })
        .chain(({ target, caller, pick }) => hostileArguments(target.field).map((variables) => ({ target, caller, variables, pick }))),
      { minLength: 8, maxLength: 8 },
    );

  function assertClear(outcomes: readonly Outcome[]): void {
    const bad = outcomes.filter((o) => o.problems.length);
    expect(bad).toEqual([]);
  }

  it('refuses poisoned calls from shoppers and strangers cleanly and changes no table', async () => {
    const before = await snapshot();
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(batch(['anonymous', 'guest', 'customer']), async (cases) => {
        const outcomes = await Promise.all(
          cases.map(({ target, caller, variables, pick }) => {
            // Queries keep their hostile values; a mutation carries a NUL byte somewhere (see `poisoned`),
            // since a hostile-but-valid value (an odd but well-formed email) may rightly write a row.
            const sent =
              target.operation === 'query'
                ? variables
                : poisoned(
                    variables,
                    pick,
                    target.field.args.map((a) => a.name),
                  );
            if (!sent) return undefined;
            calls += 1;
            return call(target.root, target.operation, target.field, caller, sent);
          }),
        );
        assertClear(outcomes.filter((o): o is Outcome => o !== undefined));
      }),
      // Shrinking would replay batches of requests for minutes; the failing batch is reported as found.
      { numRuns: 250, endOnFailure: true },
    );
    expect(calls).toBeGreaterThan(1800);
    expect(await snapshot()).toEqual(before);
  }, 240_000);

  it('answers unpoisoned hostile calls from every caller, admin included, without a server error', async () => {
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(batch(['anonymous', 'guest', 'customer', 'admin']), async (cases) => {
        calls += cases.length;
        assertClear(
          await Promise.all(
            cases.map(({ target, caller, variables }) => call(target.root, target.operation, target.field, caller, variables)),
          ),
        );
      }),
      // Shrinking would replay batches of requests for minutes; the failing batch is reported as found.
      { numRuns: 250, endOnFailure: true },
    );
    expect(calls).toBe(2000);
    const after = await stack.client.request(ProductListingDocument, { first: 3 });
    expect(after.errors).toBeUndefined();
    expect(after.data?.products.edges).toHaveLength(3);
  }, 240_000);
});
