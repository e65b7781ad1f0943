import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from '@shopgraph/config';
import { type EmbeddedDatabase, createDatabase, defaultDataDir, startEmbeddedPostgres, withDatabase } from '@shopgraph/db';
import { LOCAL_DATABASE, LOCAL_PG_PORT, loadOrCreateDevKeys } from '@shopgraph/subgraph';

/** The seven processes of a local supergraph and the database under them. */
export interface LocalStack {
  gatewayUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start-up`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms (${url})`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the supergraph as separate processes: the database (embedded unless `DATABASE_URL`
 * is set), the six subgraphs (each migrates and seeds its schema) and then the gateway.
 */
export async function startLocalStack(options: { logLevel?: string; quiet?: boolean } = {}): Promise<LocalStack> {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : undefined;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: await defaultDataDir('pg'), port: LOCAL_PG_PORT, persistent: true });
    serverUrl = embedded.url;
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await createDatabase(serverUrl, LOCAL_DATABASE));
  const keys = await loadOrCreateDevKeys();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY ?? keys.publicKey,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
  };
  const children: ChildProcess[] = [];
  // Extra `node` flags for every service process (e.g. `--cpu-prof --cpu-prof-dir=…`, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.STACK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const spawnService = (entry: string, extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...nodeArgs, resolve(entry)], {
      env: { ...env, ...extraEnv },
      stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await embedded?.stop();
  };
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map((name) => {
        const child = spawnService(`subgraphs/${name}/dist/index.js`, name === 'customer' ? { JWT_PRIVATE_KEY: process.env.JWT_PRIVATE_KEY ?? keys.privateKey } : {});
        return waitReady(`http://127.0.0.1:${DEFAULT_PORTS[name]}/health/ready`, child, name);
      }),
    );
    const gateway = spawnService('gateway/dist/index.js');
    await waitReady(`http://127.0.0.1:${DEFAULT_PORTS.gateway}/health/ready`, gateway, 'gateway');
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://localhost:${DEFAULT_PORTS.gateway}/graphql`, databaseUrl, stop };
}
