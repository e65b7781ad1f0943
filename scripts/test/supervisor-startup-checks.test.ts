import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireInstanceLock } from '../src/supervisor/instance-lock.js';
import { assertPortsFree, findPortProblems } from '../src/supervisor/port-check.js';
import { StartError, describeFailure } from '../src/supervisor/start-error.js';

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shopgraph-lock-'));
  lockPath = join(dir, 'data', 'start.lock');
  await mkdir(join(dir, 'data'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const holderOf = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as { pid: number };
const writeLock = (pid: number) =>
  writeFile(lockPath, JSON.stringify({ pid, cwd: '/somewhere', startedAt: '2026-01-01T00:00:00.000Z', command: 'scripts/dist/start.js' }));
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('one stack per data folder', () => {
  it('refuses a second start while the first holds the lock, naming the running pid, and starts again once it is released', async () => {
    const first = await acquireInstanceLock(lockPath);
    expect((await holderOf(lockPath)).pid).toBe(process.pid);
    const error = await rejection(acquireInstanceLock(lockPath));
    expect(error).toBeInstanceOf(StartError);
    expect((error as StartError).code).toBe('ALREADY_RUNNING');
    expect((error as StartError).message).toContain(`already running from this folder: pid ${process.pid}`);
    await first.release();
    const again = await acquireInstanceLock(lockPath);
    await again.release();
    await expect(readFile(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses while another live process holds the lock', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    await once(other, 'spawn');
    try {
      await writeLock(other.pid!);
      const error = (await rejection(acquireInstanceLock(lockPath))) as StartError;
      expect(error.code).toBe('ALREADY_RUNNING');
      expect(error.message).toContain(`pid ${other.pid}`);
      expect(error.message).toContain(`kill ${other.pid}`);
      expect((await holderOf(lockPath)).pid).toBe(other.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a dead process, exactly once when several start at the same moment', async () => {
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const [code] = (await once(dead, 'exit')) as [number];
    expect(code).toBe(0);
    await writeLock(dead.pid!);
    const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => acquireInstanceLock(lockPath)));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) expect((lost.reason as StartError).code).toBe('ALREADY_RUNNING');
    expect((await holderOf(lockPath)).pid).toBe(process.pid);
    await won[0]!.value.release();
  });
});

async function occupiedPort(): Promise<Server> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('ports checked before anything starts', () => {
  it('names the taken port, its process and the setting that moves it, and only that one', async () => {
    const taken = await occupiedPort();
    const spare = await occupiedPort();
    const freePort = portOf(spare);
    await new Promise((resolve) => spare.close(resolve));
    try {
      const error = (await rejection(
        assertPortsFree([
          { owner: 'gateway', port: freePort, host: '127.0.0.1', movedBy: 'STACK_PORT_BASE' },
          { owner: 'embedded PostgreSQL', port: portOf(taken), host: '127.0.0.1', movedBy: 'EMBEDDED_PG_PORT' },
        ]),
      )) as StartError;
      expect(error.code).toBe('PORT_TAKEN');
      expect(error.message).toMatch(
        new RegExp(`embedded PostgreSQL\\s+port ${portOf(taken)} on 127\\.0\\.0\\.1: in use; move it with EMBEDDED_PG_PORT`),
      );
      expect(error.message).not.toContain('gateway');
    } finally {
      taken.close();
    }
  });

  it('finds nothing wrong with free ports, and names two processes given the same port', async () => {
    const spare = await occupiedPort();
    const port = portOf(spare);
    await new Promise((resolve) => spare.close(resolve));
    expect(await findPortProblems([{ owner: 'catalog', port, host: '127.0.0.1', movedBy: 'STACK_PORT_BASE' }])).toEqual([]);
    const clash = await findPortProblems([
      { owner: 'catalog', port, host: '127.0.0.1', movedBy: 'STACK_PORT_BASE' },
      { owner: 'embedded PostgreSQL', port, host: '127.0.0.1', movedBy: 'EMBEDDED_PG_PORT' },
    ]);
    expect(clash).toEqual([expect.objectContaining({ owner: 'embedded PostgreSQL', reason: 'also needed by catalog' })]);
  });
});

describe('start-up failures always say why', () => {
  it('gives a message for a rejection with nothing, an empty AggregateError and a coded error', () => {
    expect(describeFailure(undefined)).toBe('failed without saying why (rejected with no error)');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeFailure(new AggregateError([refused, new Error('connect ECONNREFUSED ::1:5432')]))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432; connect ECONNREFUSED ::1:5432',
    );
    expect(describeFailure(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe('no such file (ENOENT)');
  });
});
