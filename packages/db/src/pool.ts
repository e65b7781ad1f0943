import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * The `pg` pool behind an EntityManager, for the few hot paths that run named prepared
 * statements straight on it (no entity building); the ORM stays on every other path.
 */
export function poolOf(em: EntityManager): Promise<pg.Pool> {
  return (em.getConnection() as PostgreSqlConnection).getNativeClient();
}

/** Runs `fn` in a transaction on one pooled connection: committed unless it throws, rolled back if it does. */
export async function inPoolTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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
