import type { EntityManager } from '@mikro-orm/postgresql';
import { poolOf } from '@shopgraph/db';
import type pg from 'pg';

/**
 * Hot-path SQL of the catalog (the ORM stays on every other path). A statement goes straight to the
 * ORM's `pg` pool as a named prepared statement, so PostgreSQL plans it once per connection and no
 * entity is hydrated: rows come back plain. Statements are still reported to the ORM's query logger
 * (when query logging is on), so query-count tests see them like any other query.
 *
 * Only for reads outside a transaction: the pool runs each statement on its own connection.
 * Conventions of the statements: bigint and numeric columns are cast to text (to stay exact, also
 * inside JSON), timestamps are read as epoch milliseconds.
 */
export async function catalogQuery<R extends pg.QueryResultRow>(em: EntityManager, name: string | null, text: string, values: unknown[]): Promise<R[]> {
  const pool = await poolOf(em);
  const logger = em.config.getLogger();
  const logged = logger.isEnabled('query');
  const started = logged ? Date.now() : 0;
  // `name: null`: a statement whose text varies (built from filters) runs unnamed, parsed each time.
  const { rows } = await pool.query<R>(name === null ? { text, values } : { name: `catalog.${name}`, text, values });
  if (logged) logger.logQuery({ level: 'info', query: text, params: values, took: Date.now() - started, results: rows.length });
  return rows;
}
