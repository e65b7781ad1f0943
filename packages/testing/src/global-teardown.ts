import { rm } from 'node:fs/promises';

/** Jest global teardown: stops the embedded PostgreSQL and deletes its data directory. */
export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__SHOPGRAPH_TEST_PG__;
  if (!embedded) return;
  await embedded.stop();
  await rm(embedded.dataDir, { recursive: true, force: true });
}
