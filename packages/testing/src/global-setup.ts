import { rm } from 'node:fs/promises';
import { defaultDataDir, startEmbeddedPostgres, withDatabase } from '@shopgraph/db';

declare global {
  var __SHOPGRAPH_TEST_PG__: { stop(): Promise<void>; dataDir: string } | undefined;
}

/**
 * Jest global setup: a PostgreSQL for the whole run. With `DATABASE_URL` it uses that server;
 * without, it starts an embedded PostgreSQL in a throw-away data directory. Each test file then
 * creates its own fresh database on it (see `freshDatabase`).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.SHOPGRAPH_TEST_SERVER_URL = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const dataDir = await defaultDataDir(`pg-test-${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
    const pg = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false, fast: true });
    globalThis.__SHOPGRAPH_TEST_PG__ = { stop: () => pg.stop(), dataDir };
    process.env.SHOPGRAPH_TEST_SERVER_URL = pg.url;
  }
}
