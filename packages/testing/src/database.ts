import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '@shopgraph/db';

/** A database created for one test file. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.SHOPGRAPH_TEST_SERVER_URL;
  if (!url) throw new Error('SHOPGRAPH_TEST_SERVER_URL is not set: run tests through jest (global setup)');
  return url;
}

/** Creates an empty database with a unique name on the test server. */
export async function freshDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `shopgraph_${prefix}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl(), name);
  return { url, drop: () => dropDatabase(serverUrl(), name) };
}
