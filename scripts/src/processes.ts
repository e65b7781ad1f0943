import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '@shopgraph/config';
import { type EmbeddedDatabase, createDatabase, defaultDataDir, startEmbeddedPostgres, withDatabase } from '@shopgraph/db';
import { LOCAL_DATABASE, LOCAL_PG_PORT, loadOrCreateDevKeys } from '@shopgraph/subgraph';

/** The seven processes of a local supergraph and the database under them. */
export interface LocalStack {
  gatewayUrl: string;
  databaseUrl: string;
  /** Where each subgraph listens. */
  subgraphUrl(name: SubgraphName): string;
  /** Process id of each service (`gateway` and the six subgraphs), e.g. to account their CPU. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Ports of the stack: the defaults (gateway 4000, subgraphs 4001–4006), or from `STACK_PORT_BASE`
 * (gateway on the base, subgraphs on the next six) so two stacks can run on one machine.
 */
export function stackPorts(): Record<'gateway' | SubgraphName, number> {
  const base = process.env.STACK_PORT_BASE ? Number(process.env.STACK_PORT_BASE) : undefined;
  if (base === undefined) return { ...DEFAULT_PORTS };
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error(`STACK_PORT_BASE must be a port between 1024 and 65000, not ${process.env.STACK_PORT_BASE}`);
  return Object.fromEntries(Object.entries(DEFAULT_PORTS).map(([name, port]) => [name, base + port - DEFAULT_PORTS.gateway])) as Record<'gateway' | SubgraphName, number>;
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

/** How to start the local stack. */
export interface LocalStackOptions {
  logLevel?: string;
  /** Discard the services' standard output (their logs). */
  quiet?: boolean;
  /**
   * Run the services with `NODE_ENV=production` (no introspection or IDE, masked errors, and the
   * libraries' production paths), as deployed: what a benchmark should measure. Nothing more is
   * needed on a fresh machine: the stack passes the development key pair it generates under
   * `.data/keys` as `JWT_PUBLIC_KEY`/`JWT_PRIVATE_KEY`. Default: the `NODE_ENV` of this process
   * (unset: development, which `npm start` keeps for its in-browser IDE).
   */
  production?: boolean;
}

/**
 * Starts the supergraph as separate processes: the database (embedded unless `DATABASE_URL`
 * is set), the six subgraphs (each migrates and seeds its schema) and then the gateway.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : undefined;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: await defaultDataDir('pg'), port: LOCAL_PG_PORT, persistent: true });
    serverUrl = embedded.url;
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await createDatabase(serverUrl, LOCAL_DATABASE));
  const keys = await loadOrCreateDevKeys();
  const ports = stackPorts();
  const subgraphUrl = (name: SubgraphName) => `http://127.0.0.1:${ports[name]}/graphql`;
  const env = {
    ...process.env,
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
    DATABASE_URL: databaseUrl,
    JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY ?? keys.publicKey,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
    ...(options.production ? { NODE_ENV: 'production' } : {}),
  };
  const children: ChildProcess[] = [];
  const pids: Record<string, number> = {};
  // Extra `node` flags for every service process (e.g. `--cpu-prof --cpu-prof-dir=…`, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.STACK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const spawnService = (name: 'gateway' | SubgraphName, entry: string, extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...nodeArgs, resolve(entry)], {
      env: { ...env, PORT: String(ports[name]), ...extraEnv },
      stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    if (child.pid) pids[name] = child.pid;
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await embedded?.stop();
  };
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map((name) => {
        const child = spawnService(name, `subgraphs/${name}/dist/index.js`, name === 'customer' ? { JWT_PRIVATE_KEY: process.env.JWT_PRIVATE_KEY ?? keys.privateKey } : {});
        return waitReady(`http://127.0.0.1:${ports[name]}/health/ready`, child, name);
      }),
    );
    const gateway = spawnService('gateway', 'gateway/dist/index.js');
    await waitReady(`http://127.0.0.1:${ports.gateway}/health/ready`, gateway, 'gateway');
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://localhost:${ports.gateway}/graphql`, databaseUrl, subgraphUrl, pids, stop };
}
