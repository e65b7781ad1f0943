import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { generateKeyPairPem } from '@shopgraph/auth';
import { DEMO_WAREHOUSES } from '@shopgraph/demo-data';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '@shopgraph/inventory/definition';

/** Module hooks that let a plain `node` child load the workspace's TypeScript sources (SWC, like Jest). */
const TS_HOOKS = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const { transformSync } = createRequire(${JSON.stringify(`${process.cwd()}/package.json`)})('@swc/core');
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), { filename, module: { type: 'es6' }, jsc: { target: 'es2023',
    parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false } } });
  return { format: 'module', source: code, shortCircuit: true };
}`;

/**
 * One inventory instance, as a process of its own: migrates, seeds and serves on a free port, says
 * where on one stdout line, and stops when its stdin closes.
 */
const CHILD = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(TS_HOOKS)}));
await import('reflect-metadata');
const { commonEnv, loadConfig } = await import('@shopgraph/config');
const { createLogger } = await import('@shopgraph/observability');
const { startSubgraph } = await import('@shopgraph/subgraph');
const { definition } = await import('@shopgraph/inventory/definition');
const config = loadConfig(commonEnv, { NODE_ENV: 'test', SEED_DEMO_DATA: 'true' });
const running = await startSubgraph(definition, {
  config, port: 0, databaseUrl: process.env.PARALLEL_DB_URL, publicKey: process.env.PARALLEL_PUBLIC_KEY,
  logger: createLogger('inventory', 'warn'),
});
process.stdout.write(JSON.stringify({ url: running.url }) + '\\n');
process.stdin.on('end', () => void running.stop().then(() => process.exit(0)));
process.stdin.resume();`;

const INSTANCES = 10;

/** A started child: its base URL once it says it is serving, or its stderr if it exits first. */
function startInstance(env: Record<string, string>): { child: ChildProcess; serving: Promise<string> } {
  const child = spawn(process.execPath, ['--conditions=source', '--input-type=module', '-e', CHILD], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const serving = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(new URL((JSON.parse(line) as { url: string }).url).origin);
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => reject(new Error(`instance exited (${code ?? signal}) before serving:\n${stderr}`)));
  });
  return { child, serving };
}

describe('parallel starts of one subgraph on a fresh database', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await freshDatabase('parallel');
  });
  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.stdin!.end();
          }),
      ),
    );
    await db?.drop();
  });

  it(`${INSTANCES} instances all become ready, each migration is applied once and the demo data seeded once`, async () => {
    const keys = generateKeyPairPem();
    const env = { PARALLEL_DB_URL: db.url, PARALLEL_PUBLIC_KEY: keys.publicKey };
    const instances = Array.from({ length: INSTANCES }, () => startInstance(env));
    children.push(...instances.map((i) => i.child));

    const origins = await Promise.all(instances.map((i) => i.serving));
    const readiness = await Promise.all(origins.map(async (origin) => (await fetch(`${origin}/health/ready`)).status));
    expect(readiness).toEqual(Array(INSTANCES).fill(200));

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const applied = await client.query<{ name: string; times: number }>(
        'select "name", count(*)::int as "times" from "inventory"."mikro_orm_migrations" group by "name" order by "name"',
      );
      expect(applied.rows.map((r) => r.times)).toEqual(Array(definition.migrations.length).fill(1));
      expect(applied.rows.map((r) => r.name)).toEqual(definition.migrations.map((m) => m.name).sort());
      const warehouses = await client.query<{ n: number }>('select count(*)::int as "n" from "inventory"."warehouse"');
      expect(warehouses.rows[0]!.n).toBe(DEMO_WAREHOUSES.length);
    } finally {
      await client.end();
    }
  });
});
