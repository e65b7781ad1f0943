import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { type KeyPairPem, generateKeyPairPem, publicKeyOf } from '@shopgraph/auth';
import type { CommonConfig } from '@shopgraph/config';
import { createDatabase, defaultDataDir, startEmbeddedPostgres } from '@shopgraph/db';
import type { Logger } from '@shopgraph/observability';

/** Port of the embedded PostgreSQL that `npm start` runs when no `DATABASE_URL` is given. */
export const LOCAL_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
/** Name of the shop's database on the embedded server. */
export const LOCAL_DATABASE = 'shopgraph';

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The database URL when `DATABASE_URL` is unset: the embedded PostgreSQL under `.data/pg`,
 * reused when another process (the supervisor) already runs it, started otherwise.
 */
export async function resolveLocalDatabase(logger: Logger): Promise<string> {
  const serverUrl = `postgres://postgres:shopgraph@127.0.0.1:${LOCAL_PG_PORT}/postgres`;
  if (!(await canConnect(serverUrl))) {
    logger.info({ port: LOCAL_PG_PORT }, 'starting embedded PostgreSQL');
    await startEmbeddedPostgres({ dataDir: await defaultDataDir('pg'), port: LOCAL_PG_PORT, persistent: true });
  }
  return createDatabase(serverUrl, LOCAL_DATABASE);
}

/**
 * The JWT key pair: from the environment, or in development a pair generated once under
 * `.data/keys` so every local process verifies what the customer subgraph signs.
 */
export async function resolveSigningKeys(config: CommonConfig): Promise<{ publicKey: string; privateKey?: string }> {
  if (config.JWT_PRIVATE_KEY) {
    return { privateKey: config.JWT_PRIVATE_KEY, publicKey: config.JWT_PUBLIC_KEY ?? publicKeyOf(config.JWT_PRIVATE_KEY) };
  }
  if (config.JWT_PUBLIC_KEY) return { publicKey: config.JWT_PUBLIC_KEY };
  if (config.NODE_ENV === 'production') throw new Error('JWT_PUBLIC_KEY (and JWT_PRIVATE_KEY for customer) are required in production');
  return loadOrCreateDevKeys();
}

/** Reads the development key pair, creating it on first use. */
export async function loadOrCreateDevKeys(): Promise<KeyPairPem> {
  const dir = resolve(process.env.SHOPGRAPH_DATA_DIR ?? resolve(process.cwd(), '.data'), 'keys');
  const file = join(dir, 'jwt-es256.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as KeyPairPem;
  } catch {
    await mkdir(dir, { recursive: true });
    const pair = generateKeyPairPem();
    await writeFile(file, JSON.stringify(pair), { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return JSON.parse(await readFile(file, 'utf8')) as KeyPairPem;
  }
}
