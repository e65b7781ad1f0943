import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { withRequestId } from '@shopgraph/observability';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { PreparedSql, countStatements, ormConfig } from '../src/index.js';

const SCHEMA = 'prep';

/** Two ORMs on one database, each its own schema, one with query logging on (`onQuery`). */
let db: TestDatabase;
let logged: MikroORM;
let quiet: MikroORM;
const queryLog: string[] = [];

beforeAll(async () => {
  db = await freshDatabase('db_prepared');
  const open = (schema: string, onQuery?: (sql: string) => void) =>
    MikroORM.init({
      ...ormConfig({ url: db.url, schema, entities: [], migrations: [], ...(onQuery ? { onQuery } : {}) }),
      discovery: { warnWhenNoEntities: false },
    });
  logged = await open(SCHEMA, (sql) => queryLog.push(sql));
  quiet = await open('other');
  await PreparedSql.of(quiet.em); // connects: what the ORM runs on connecting is not the test's
  await logged.em.execute(`create schema "${SCHEMA}"; create table "${SCHEMA}"."item" (id int primary key, label text not null)`);
});
afterAll(async () => {
  await logged?.close(true);
  await quiet?.close(true);
  await db?.drop();
});

describe('PreparedSql', () => {
  it('returns plain rows and reports each execution, with its text, to the query log', async () => {
    const sql = await PreparedSql.of(logged.em);
    queryLog.length = 0;
    const rows = await sql.rows<{ n: number; s: string }>('test.numbers', 'select n, $1::text as s from generate_series(1, 3) n', ['x']);
    expect(rows).toEqual([
      { n: 1, s: 'x' },
      { n: 2, s: 'x' },
      { n: 3, s: 'x' },
    ]);
    expect(queryLog).toHaveLength(1);
    expect(queryLog[0]).toContain('select n, $1::text as s from generate_series(1, 3) n');
    expect(queryLog[0]).toContain('3 results');
  });

  it('counts executions per statement name, ORM statements under "orm", and resets', async () => {
    const sql = await PreparedSql.of(logged.em);
    const counter = countStatements();
    try {
      await sql.row('test.one', 'select 1 as one', []);
      await sql.row('test.one', 'select 1 as one', []);
      await sql.rows('test.search', `select 'a' as v where $1::text <> ''`, ['q'], { prepare: false });
      await logged.em.fork().execute('select 2');
      expect(counter.byName()).toEqual({ 'test.one': 2, 'test.search': 1, orm: 1 });
      expect(counter.statements.map((s) => s.schema)).toEqual([SCHEMA, SCHEMA, SCHEMA, SCHEMA]);
      counter.reset();
      await sql.row('test.one', 'select 1 as one', []);
      expect(counter.byName()).toEqual({ 'test.one': 1 });
    } finally {
      counter.stop();
    }
    await sql.row('test.one', 'select 1 as one', []);
    expect(counter.byName()).toEqual({ 'test.one': 1 });
  });

  it('tells which request a statement ran for, null outside any request', async () => {
    const sql = await PreparedSql.of(logged.em);
    const counter = countStatements();
    try {
      await withRequestId('request-1', () => sql.row('test.one', 'select 1 as one', []));
      await sql.row('test.one', 'select 1 as one', []);
      expect(counter.statements.map((s) => s.requestId)).toEqual(['request-1', null]);
    } finally {
      counter.stop();
    }
  });

  it('scopes a counter to one schema, and counts without query logging on', async () => {
    const counter = countStatements({ schema: 'other' });
    try {
      await (await PreparedSql.of(quiet.em)).row('other.one', 'select 1 as one', []);
      await (await PreparedSql.of(logged.em)).row('test.one', 'select 1 as one', []);
      expect(counter.byName()).toEqual({ 'other.one': 1 });
    } finally {
      counter.stop();
    }
  });

  it('commits a transaction, rolls it back when the callback throws, and counts no BEGIN or COMMIT', async () => {
    const sql = await PreparedSql.of(logged.em);
    const insert = `insert into "${SCHEMA}"."item" (id, label) values ($1, $2)`;
    const counter = countStatements({ schema: SCHEMA });
    const withControl = countStatements({ schema: SCHEMA, control: true });
    try {
      await sql.transaction(async (tx) => {
        await tx.rows('test.insert-item', insert, [1, 'kept']);
      });
      await expect(
        sql.transaction(async (tx) => {
          await tx.rows('test.insert-item', insert, [2, 'lost']);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(counter.byName()).toEqual({ 'test.insert-item': 2 });
      expect(withControl.statements.map((s) => s.name ?? s.text)).toEqual([
        'begin',
        'test.insert-item',
        'commit',
        'begin',
        'test.insert-item',
        'rollback',
      ]);
      expect(withControl.statements[1]!.values).toEqual([1, 'kept']);
    } finally {
      counter.stop();
      withControl.stop();
    }
    expect(await sql.rows('test.items', `select id, label from "${SCHEMA}"."item" order by id`, [])).toEqual([{ id: 1, label: 'kept' }]);
  });

  it('runs inside the ORM transaction of an EntityManager: its statements commit and roll back with it', async () => {
    const insert = `insert into "${SCHEMA}"."item" (id, label) values ($1, $2)`;
    const counter = countStatements({ schema: SCHEMA });
    try {
      await logged.em.fork().transactional(async (tx) => {
        await PreparedSql.ofTransaction(tx).rows('test.insert-item', insert, [10, 'with the orm']);
        // Same connection: the ORM sees the uncommitted row.
        expect(await tx.execute(`select label from "${SCHEMA}"."item" where id = 10`)).toEqual([{ label: 'with the orm' }]);
      });
      await expect(
        logged.em.fork().transactional(async (tx) => {
          await PreparedSql.ofTransaction(tx).rows('test.insert-item', insert, [11, 'lost']);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(counter.byName()).toEqual({ 'test.insert-item': 2, orm: 1 });
    } finally {
      counter.stop();
    }
    const sql = await PreparedSql.of(logged.em);
    expect(await sql.rows('test.items-from', `select id from "${SCHEMA}"."item" where id >= $1 order by id`, [10])).toEqual([{ id: 10 }]);
    expect(() => PreparedSql.ofTransaction(logged.em.fork())).toThrow(/not in a transaction/);
  });

  it('reports a failed statement to the query log and does not count it', async () => {
    const sql = await PreparedSql.of(logged.em);
    const counter = countStatements();
    queryLog.length = 0;
    try {
      await expect(sql.rows('test.broken', 'select * from "prep"."missing"', [])).rejects.toThrow(/missing/);
      expect(counter.statements).toEqual([]);
      expect(queryLog.join('\n')).toContain('"prep"."missing"');
    } finally {
      counter.stop();
    }
  });
});
