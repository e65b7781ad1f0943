import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StartError } from './start-error.js';

/** What a lock file says about the process holding it. */
interface LockHolder {
  pid: number;
  cwd: string;
  startedAt: string;
  command: string;
}

/** A held instance lock. */
export interface InstanceLock {
  path: string;
  /** Removes the lock if this process still holds it; safe to call more than once. */
  release(): Promise<void>;
  /** The same, synchronously, for a `process.on('exit')` hook. */
  releaseSync(): void;
}

/** Whether a process id belongs to a live process (EPERM: alive but someone else's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The lock's text, or undefined when it vanished (its holder released it meanwhile). */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function alreadyRunning(path: string, holder: LockHolder): StartError {
  return new StartError(
    'ALREADY_RUNNING',
    `another shopgraph is already running from this folder: pid ${holder.pid} (\`${holder.command}\` in ${holder.cwd}, since ${holder.startedAt}).\n` +
      `  Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), or run a second stack with its own SHOPGRAPH_DATA_DIR, STACK_PORT_BASE and EMBEDDED_PG_PORT.\n` +
      `  Lock file: ${path}`,
  );
}

/**
 * Removes a stale lock (its holder is dead or it is unreadable). A guard file taken with the same
 * exclusive link makes one process at a time do this, and it checks under the guard that the lock
 * still holds the stale text: otherwise it could delete a lock another process has just taken.
 * Returns false when another process holds the guard.
 */
async function removeStale(path: string, staleText: string, draft: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  if (!(await linkExclusive(draft, guard))) {
    const guardHolder = parseHolder((await readText(guard)) ?? '');
    // A guard left by a process that died inside the takeover would block every later start.
    if (guardHolder && !isAlive(guardHolder.pid)) await rm(guard, { force: true });
    return false;
  }
  try {
    if ((await readText(path)) === staleText) await rm(path, { force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

/**
 * Takes the lock at `path` for this process, atomically: the holder's details are written to a
 * draft file first and hard-linked into place, which fails if the lock exists, so a lock is never
 * seen half-written. A lock whose process is gone is taken over; a live one is refused with a
 * `StartError('ALREADY_RUNNING')` naming it.
 */
export async function acquireInstanceLock(path: string): Promise<InstanceLock> {
  const me: LockHolder = {
    pid: process.pid,
    cwd: process.cwd(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  const text = JSON.stringify(me);
  await mkdir(dirname(path), { recursive: true });
  const draft = `${path}.${randomUUID()}.draft`;
  await writeFile(draft, text);
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await linkExclusive(draft, path)) return heldLock(path, text);
      const found = await readText(path);
      if (found === undefined) continue;
      const holder = parseHolder(found);
      if (holder && isAlive(holder.pid)) throw alreadyRunning(path, holder);
      // Another process is taking the same stale lock over: it finishes within milliseconds.
      if (!(await removeStale(path, found, draft))) await delay(20);
    }
    throw new StartError('LOCK_UNAVAILABLE', `could not take the lock ${path}; if no shopgraph is running from this folder, delete it`);
  } finally {
    await rm(draft, { force: true });
  }
}

function heldLock(path: string, text: string): InstanceLock {
  return {
    path,
    async release() {
      if ((await readText(path)) === text) await rm(path, { force: true });
    },
    releaseSync() {
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
