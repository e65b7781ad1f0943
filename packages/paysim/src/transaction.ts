import type pg from 'pg';

/**
 * Runs `fn` in a transaction on one pooled connection: committed unless it throws, rolled back if
 * it does. The simulator has no ORM, so `@shopgraph/db`'s helpers (bound to MikroORM) do not apply.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
