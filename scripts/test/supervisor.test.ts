import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../src/supervisor/instance-lock.js';
import { StartError } from '../src/supervisor/start-error.js';
import type { ProcessSpec } from '../src/supervisor/process-run.js';
import { Supervisor, type SupervisorEvents } from '../src/supervisor/supervisor.js';

/**
 * A tiny service: says hello on stderr, answers /health/ready with 200 on PORT. With CRASH_FILE set,
 * every start after the first appends to that file and exits with code 2 before listening, like a
 * service whose database has gone; with FAIL_AT_START it exits with code 1 at once.
 */
const SERVICE = `
const fs = require('node:fs');
console.error(process.env.NAME + ' started');
if (process.env.FAIL_AT_START) { console.error('Error: listen EADDRINUSE: address already in use'); process.exit(1); }
if (process.env.CRASH_FILE) {
  const starts = fs.existsSync(process.env.CRASH_FILE) ? fs.readFileSync(process.env.CRASH_FILE, 'utf8').length : 0;
  fs.appendFileSync(process.env.CRASH_FILE, 'x');
  if (starts > 0) { console.error('Error: database is gone'); process.exit(2); }
}
require('node:http').createServer((req, res) => { res.statusCode = req.url === '/health/ready' ? 200 : 404; res.end(); })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
`;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function service(name: string, env: Record<string, string> = {}): Promise<ProcessSpec> {
  const port = await freePort();
  return {
    name,
    command: process.execPath,
    args: ['-e', SERVICE],
    env: { PATH: process.env.PATH, NAME: name, PORT: String(port), ...env },
    readyUrl: `http://127.0.0.1:${port}/health/ready`,
  };
}

/** The first event `event` for which `match` holds. */
function next<E extends keyof SupervisorEvents>(
  supervisor: Supervisor,
  event: E,
  match: (...args: SupervisorEvents[E]) => boolean,
): Promise<SupervisorEvents[E]> {
  return new Promise((resolve) => {
    const listener = (...args: SupervisorEvents[E]) => {
      if (!match(...args)) return;
      supervisor.off(event, listener as never);
      resolve(args);
    };
    supervisor.on(event, listener as never);
  });
}

let supervisor: Supervisor | undefined;
let tmp: string | undefined;
afterEach(async () => {
  await supervisor?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  supervisor = undefined;
  tmp = undefined;
});

function supervise(reports: string[], options: ConstructorParameters<typeof Supervisor>[0] = {}): Supervisor {
  supervisor = new Supervisor({
    stdout: null,
    stderr: null,
    report: (line) => reports.push(line),
    initialBackoffMs: 20,
    maxBackoffMs: 1000,
    ...options,
  });
  return supervisor;
}

describe('Supervisor', () => {
  it('names a killed process with its last lines, restarts it, and it becomes ready again while the others keep running', async () => {
    const reports: string[] = [];
    const sup = supervise(reports);
    const [alpha, beta] = [await service('alpha'), await service('beta')];
    await sup.start([alpha, beta]);
    const { alpha: first, beta: betaPid } = sup.pids;
    const readyAgain = next(sup, 'ready', ({ name, restarts }) => name === 'alpha' && restarts === 1);
    process.kill(first!, 'SIGKILL');
    const [ready] = await readyAgain;

    expect(reports[0]).toMatch(new RegExp(`^alpha \\(pid ${first}\\) exited unexpectedly: killed by SIGKILL`));
    expect(reports[0]).toContain('last stderr lines of alpha:\n    | alpha started');
    expect(reports[0]).toContain(`last stdout lines of alpha:\n    | listening on ${alpha.env.PORT}`);
    expect(reports[1]).toMatch(/^restarting alpha in /);
    expect(reports[2]).toBe(`alpha is ready again (pid ${ready.pid})`);
    expect(ready.pid).not.toBe(first);
    expect(sup.pids).toEqual({ alpha: ready.pid, beta: betaPid });
    expect((await fetch(alpha.readyUrl)).status).toBe(200);
    expect(reports.join('\n')).not.toContain('beta');

    await sup.stop();
    expect(await sup.finished).toEqual({ ok: true });
    expect([isAlive(ready.pid!), isAlive(betaPid!)]).toEqual([false, false]);
  });

  it('gives up on a process that keeps crashing, with backoff doubling, and stops the others', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'shopgraph-supervisor-'));
    const reports: string[] = [];
    const sup = supervise(reports, { maxFailures: 3, failureWindowMs: 60_000 });
    const delays: number[] = [];
    sup.on('restarting', ({ delayMs }) => delays.push(delayMs));
    await sup.start([await service('gamma', { CRASH_FILE: join(tmp, 'starts') }), await service('delta')]);
    const deltaPid = sup.pids.delta!;
    process.kill(sup.pids.gamma!, 'SIGKILL');

    const outcome = await sup.finished;
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: StartError }).error;
    expect(error.code).toBe('GAVE_UP');
    expect(error.message).toBe('gamma failed 3 times within 60 s (last: exit code 2); stopping everything.');
    expect(delays).toEqual([20, 40]);
    expect(reports.filter((line) => line.includes('exited unexpectedly: exit code 2'))).toHaveLength(2);
    expect(reports.at(-2)).toContain('last stderr lines of gamma:\n    | gamma started\n    | Error: database is gone');
    await sup.stop();
    expect(isAlive(deltaPid)).toBe(false);
  });

  it('fails the start naming the process that died before it was ready with its stderr, and stops the rest', async () => {
    const reports: string[] = [];
    const sup = supervise(reports);
    const exits: Array<{ name: string; pid: number | undefined }> = [];
    sup.on('exit', ({ name, pid }) => exits.push({ name, pid }));
    const error = await sup.start([await service('epsilon'), await service('zeta', { FAIL_AT_START: '1' })]).then(
      () => undefined,
      (e: unknown) => e as StartError,
    );
    expect(error?.code).toBe('NOT_READY');
    expect(error?.message).toMatch(
      /^zeta stopped before it was ready: exit code 1\n {2}last stderr lines of zeta:\n {4}\| zeta started\n {4}\| Error: listen EADDRINUSE/,
    );
    expect(exits.map((e) => e.name).sort()).toEqual(['epsilon', 'zeta']);
    expect(exits.filter((e) => isAlive(e.pid!))).toEqual([]);
    expect(await sup.finished).toEqual({ ok: true });
    expect(reports).toEqual([]);
  });
});
