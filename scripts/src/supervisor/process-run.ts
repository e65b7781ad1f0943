import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { LogTail, formatTails } from './log-tail.js';

/** One supervised process: how to start it and how to tell that it serves. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Answers 200 once the process serves (`/health/ready`). */
  readyUrl: string;
}

/** How a process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

/** Says how a process ended, for a person. */
export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not be started: ${info.error}`;
  return info.signal ? `killed by ${info.signal}` : `exit code ${info.code}`;
}

/** Where a run's output is copied; null discards it (its last lines are kept all the same). */
export interface RunOutput {
  stdout?: Writable | null | undefined;
  stderr?: Writable | null | undefined;
}

/** One run of a process: spawned, its output copied and its last lines kept, waited for, stopped. */
export class ProcessRun {
  readonly pid: number | undefined;
  /** Settles once the process has exited and its output is read to the end. */
  readonly exited: Promise<ExitInfo>;
  readonly stdout = new LogTail();
  readonly stderr = new LogTail();
  private readonly child: ChildProcess;
  /** Aborted when the process exits, ending a readiness wait at once. */
  private readonly gone = new AbortController();

  constructor(
    readonly spec: ProcessSpec,
    output: RunOutput,
  ) {
    // Its own process group: a Ctrl-C in the terminal reaches only the supervisor, which then stops
    // every process itself, instead of racing their exits against its own shutdown.
    this.child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.pid = this.child.pid;
    const copy = (tail: LogTail, to: Writable | null | undefined) => (chunk: string) => {
      tail.push(chunk);
      to?.write(chunk);
    };
    this.child.stdout!.setEncoding('utf8').on('data', copy(this.stdout, output.stdout));
    this.child.stderr!.setEncoding('utf8').on('data', copy(this.stderr, output.stderr));
    this.exited = new Promise((resolve) => {
      const finish = (info: ExitInfo) => {
        if (this.gone.signal.aborted) return;
        this.gone.abort();
        resolve(info);
      };
      // 'close' rather than 'exit': by then the last lines it wrote are in the tails.
      this.child.once('close', (code, signal) => finish({ code, signal }));
      this.child.once('error', (error) => finish({ code: null, signal: null, error: error.message }));
    });
  }

  /** Whether the process has exited. */
  get hasExited(): boolean {
    return this.gone.signal.aborted;
  }

  /** Its last stderr and stdout lines, indented under its name ('' if it wrote nothing). */
  tails(): string {
    return formatTails(this.spec.name, this);
  }

  /** Polls the readiness URL until it answers 200, the process exits, or `timeoutMs` passes. */
  async untilReady(timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    const { signal } = this.gone;
    while (!signal.aborted) {
      // Another process on the same port could answer for one that has just died: check again after.
      if ((await answersReady(this.spec.readyUrl, signal)) && !signal.aborted) return 'ready';
      if (Date.now() > deadline) return 'timeout';
      await delay(200, undefined, { signal }).catch(() => undefined);
    }
    return 'exited';
  }

  /** Sends a signal (the supervisor's SIGKILL for a process that never got ready). */
  kill(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it has exited. Returns whether it had to be killed. */
  async stop(timeoutMs: number): Promise<boolean> {
    if (this.hasExited) return false;
    this.child.kill('SIGTERM');
    const timer = new AbortController();
    const stopped = await Promise.race([
      this.exited.then(() => true),
      delay(timeoutMs, false, { signal: timer.signal }).catch(() => false),
    ]);
    timer.abort();
    if (stopped) return false;
    this.child.kill('SIGKILL');
    await this.exited;
    return true;
  }
}

async function answersReady(url: string, gone: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([gone, AbortSignal.timeout(1000)]) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
