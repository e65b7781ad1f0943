import pg from 'pg';
import type { Logger } from '@shopgraph/observability';

/**
 * The advisory lock key of a schema's start-up work. PostgreSQL computes it (`hashtextextended`),
 * so every instance talking to one server derives the same key from the same name.
 */
const LOCK_KEY = `hashtextextended('shopgraph:schema-setup:' || $1::text, 0)`;

/**
 * Runs `fn` (migrations, seeding) while holding the session advisory lock of `schema` on a
 * dedicated connection: instances of one subgraph starting together on a fresh database take
 * turns instead of racing to create the same tables; the later ones find nothing left to do.
 * The lock lives and dies with that connection, so an instance that dies holding it frees it.
 */
export async function withSchemaLock<T>(url: string, schema: string, fn: () => Promise<T>, logger?: Logger): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // An error on the idle lock connection (a server restart) surfaces through the awaited queries below.
  client.on('error', (error) => logger?.warn({ err: error, schema }, 'schema lock connection failed'));
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(`select pg_try_advisory_lock(${LOCK_KEY}) as locked`, [schema]);
    if (!rows[0]?.locked) {
      logger?.info({ schema }, 'another instance is migrating or seeding this schema: waiting for it');
      await client.query(`select pg_advisory_lock(${LOCK_KEY})`, [schema]);
    }
    return await fn();
  } finally {
    // Ending the session releases its advisory locks.
    await client.end();
  }
}
