import type { Logger } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { STATEMENT_NAME } from './query-log.js';

/** How one statement runs. */
export interface StatementOptions {
  /**
   * Prepared under its name (the default), so PostgreSQL plans it once per connection; `false`
   * for a text that varies from call to call (built from filters), parsed each time.
   */
  prepare?: boolean;
}

/** What runs a statement: the pool, one of its connections, or the ORM's current transaction. */
interface Runner {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<{ rows: R[] }>;
}

/** The part of the ORM's transaction context (a Kysely transaction) used here. */
interface OrmTransaction {
  executeQuery<R>(query: { query: { kind: string }; sql: string; parameters: readonly unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * The one way to run raw SQL on a subgraph's database (CONVENTIONS.md, "One access path per
 * aggregate"): named statements straight on the ORM's `pg` pool, or on one of its connections
 * inside a transaction, with rows returned plain (no entity hydration). Every execution is
 * reported to the ORM's query logger, so the query log, `onQuery` and statement counters
 * (`countStatements`) see it like any ORM statement.
 */
export class PreparedSql<InTransaction extends boolean = boolean> {
  private constructor(
    /** Where statements run; also what batches of statements on one pool are keyed by. */
    readonly target: Runner,
    private readonly logger: Logger,
    /** Whether statements run inside a transaction (its own or the ORM's). */
    readonly inTransaction: InTransaction,
  ) {}

  /** The helper on the pool behind an EntityManager: each statement its own transaction. */
  static async of(em: EntityManager): Promise<PoolSql> {
    const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
    return new PreparedSql(pool, em.config.getLogger(), false);
  }

  /**
   * The helper inside the ORM transaction `tx` runs in (`em.transactional`), so raw SQL commits or
   * rolls back with the entities. Statements run there parameterised but unnamed (the ORM's
   * connection cannot prepare by name); they are logged and counted under their names all the same.
   */
  static ofTransaction(tx: EntityManager): TxSql {
    const context = tx.getTransactionContext<OrmTransaction>();
    if (!context) throw new Error('PreparedSql.ofTransaction: the EntityManager is not in a transaction');
    const runner: Runner = {
      query: <R extends pg.QueryResultRow>({ text, values }: pg.QueryConfig) =>
        context.executeQuery<R>({ query: { kind: 'RawNode' }, sql: text, parameters: values ?? [] }),
    };
    return new PreparedSql(runner, tx.config.getLogger(), true);
  }

  /** Runs the statement `name` and returns its rows. */
  async rows<R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: readonly unknown[],
    options: StatementOptions = {},
  ): Promise<R[]> {
    const started = Date.now();
    const config = options.prepare === false ? { text, values: values as unknown[] } : { name, text, values: values as unknown[] };
    try {
      const { rows } = await this.target.query<R>(config);
      this.logger.logQuery({
        level: 'info',
        query: text,
        params: values,
        took: Date.now() - started,
        results: rows.length,
        [STATEMENT_NAME]: name,
      });
      return rows;
    } catch (error) {
      this.logger.logQuery({ level: 'error', query: text, params: values, took: Date.now() - started, [STATEMENT_NAME]: name });
      throw error;
    }
  }

  /** Runs the statement `name` and returns its first row, if any. */
  async row<R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: readonly unknown[],
    options: StatementOptions = {},
  ): Promise<R | undefined> {
    return (await this.rows<R>(name, text, values, options))[0];
  }

  /**
   * Runs `fn` in a transaction on one pooled connection, its statements through the helper bound
   * to that connection: committed unless `fn` throws, rolled back if it does.
   */
  async transaction<T>(this: PoolSql, fn: (tx: TxSql) => Promise<T>): Promise<T> {
    const client = await (this.target as pg.Pool).connect();
    const tx = new PreparedSql(client, this.logger, true);
    try {
      await tx.control('begin');
      const result = await fn(tx);
      await tx.control('commit');
      return result;
    } catch (error) {
      await tx.control('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async control(text: string): Promise<void> {
    const started = Date.now();
    await this.target.query({ text });
    this.logger.logQuery({ level: 'info', query: text, took: Date.now() - started });
  }
}

/** The helper on the pool: each statement its own transaction; `transaction()` opens one. */
export type PoolSql = PreparedSql<false>;
/** The helper inside a transaction: its own (`PoolSql.transaction`) or the ORM's (`ofTransaction`). */
export type TxSql = PreparedSql<true>;
