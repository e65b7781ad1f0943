import { EventEmitter } from 'node:events';
import { type ExitInfo, ProcessRun, type ProcessSpec, type RunOutput, describeExit } from './process-run.js';
import { StartError } from './start-error.js';

/** How patient the supervisor is, and where it writes. */
export interface SupervisorOptions extends RunOutput {
  /** Delay before the first restart; each further failure within the window doubles it, up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** This many unexpected exits of one process within `failureWindowMs` stop everything. */
  maxFailures?: number;
  failureWindowMs?: number;
  readyTimeoutMs?: number;
  /** How long a process may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
  /** Where the supervisor says what happened to its processes. */
  report?: (line: string) => void;
}

/** Events a supervisor emits (tests wait for them). `expected`: the exit was asked for by `stop()`. */
export interface SupervisorEvents {
  ready: [{ name: string; pid: number | undefined; restarts: number }];
  exit: [{ name: string; pid: number | undefined; expected: boolean } & ExitInfo];
  restarting: [{ name: string; failures: number; delayMs: number }];
  'gave-up': [StartError];
}

/** How supervision ended: stopped on request, or given up on a process that kept failing. */
export type SupervisorOutcome = { ok: true } | { ok: false; error: StartError };

interface Managed {
  spec: ProcessSpec;
  run?: ProcessRun;
  /** Times of unexpected exits inside the failure window. */
  failures: number[];
  restarts: number;
  /** Was ready once: from now on an exit is a crash to restart. */
  supervised: boolean;
  timer?: NodeJS.Timeout;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Starts processes, waits until each answers its readiness URL, and keeps them running: a process
 * that exits unexpectedly is named and restarted with exponential backoff, and one that fails
 * `maxFailures` times within `failureWindowMs` stops everything (`finished` then says why).
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  /** Process id of each running process, kept current across restarts. */
  readonly pids: Record<string, number> = {};
  /** Settles once supervision ends; never rejects. */
  readonly finished: Promise<SupervisorOutcome>;
  private readonly processes = new Map<string, Managed>();
  private readonly options: Required<Omit<SupervisorOptions, keyof RunOutput>> & RunOutput;
  private settle!: (outcome: SupervisorOutcome) => void;
  private stopping: Promise<void> | undefined;

  constructor(options: SupervisorOptions = {}) {
    super();
    this.options = {
      initialBackoffMs: 500,
      maxBackoffMs: 8000,
      maxFailures: 5,
      failureWindowMs: 60_000,
      readyTimeoutMs: 120_000,
      stopTimeoutMs: 10_000,
      report: (line) => console.error(line),
      ...options,
    };
    this.finished = new Promise((resolve) => {
      let settled = false;
      this.settle = (outcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
    });
  }

  /**
   * Starts `specs` together and resolves once every one answers ready. If one exits or is not ready
   * in time, everything is stopped and a `StartError('NOT_READY')` names it with its last output.
   */
  async start(specs: ProcessSpec[]): Promise<void> {
    if (this.stopping) throw new StartError('INTERRUPTED', 'stopped before it was ready');
    const batch = specs.map((spec) => {
      if (this.processes.has(spec.name)) throw new Error(`a process named ${spec.name} is already supervised`);
      const managed: Managed = { spec, failures: [], restarts: 0, supervised: false };
      this.processes.set(spec.name, managed);
      return managed;
    });
    try {
      await Promise.all(batch.map((managed) => this.startFirst(managed)));
    } catch (error) {
      const interrupted = this.stopping !== undefined;
      await this.stop();
      throw interrupted ? new StartError('INTERRUPTED', 'stopped before it was ready') : error;
    }
  }

  /** Stops every process (SIGTERM, then SIGKILL after `stopTimeoutMs`) and cancels pending restarts. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const managed of this.processes.values()) clearTimeout(managed.timer);
      await Promise.all(
        [...this.processes.values()].map(async ({ run }) => {
          if (await run?.stop(this.options.stopTimeoutMs))
            this.options.report(`${run!.spec.name} did not stop within ${seconds(this.options.stopTimeoutMs)} of SIGTERM; killed it`);
        }),
      );
      this.settle({ ok: true });
    })();
    return this.stopping;
  }

  private async startFirst(managed: Managed): Promise<void> {
    const run = this.launch(managed);
    const result = await run.untilReady(this.options.readyTimeoutMs);
    if (result === 'ready') {
      managed.supervised = true;
      this.emit('ready', { name: run.spec.name, pid: run.pid, restarts: 0 });
      return;
    }
    const { name, readyUrl } = run.spec;
    const why =
      result === 'exited'
        ? `${name} stopped before it was ready: ${describeExit(await run.exited)}`
        : `${name} was not ready within ${seconds(this.options.readyTimeoutMs)} (${readyUrl} did not answer 200)`;
    throw new StartError('NOT_READY', why + run.tails());
  }

  private launch(managed: Managed): ProcessRun {
    const run = new ProcessRun(managed.spec, this.options);
    managed.run = run;
    if (run.pid) this.pids[managed.spec.name] = run.pid;
    void run.exited.then((info) => this.onExit(managed, run, info));
    return run;
  }

  private onExit(managed: Managed, run: ProcessRun, info: ExitInfo): void {
    const { name } = managed.spec;
    if (this.pids[name] === run.pid) delete this.pids[name];
    const expected = this.stopping !== undefined;
    this.emit('exit', { name, pid: run.pid, expected, ...info });
    // Before its first ready, `startFirst` reports the exit as a start-up failure.
    if (expected || !managed.supervised) return;
    this.options.report(`${name}${run.pid ? ` (pid ${run.pid})` : ''} exited unexpectedly: ${describeExit(info)}${run.tails()}`);
    const { maxFailures, failureWindowMs, initialBackoffMs, maxBackoffMs } = this.options;
    const now = Date.now();
    managed.failures = [...managed.failures.filter((at) => now - at < failureWindowMs), now];
    const failures = managed.failures.length;
    if (failures >= maxFailures) {
      const error = new StartError(
        'GAVE_UP',
        `${name} failed ${failures} times within ${seconds(failureWindowMs)} (last: ${describeExit(info)}); stopping everything.`,
      );
      this.options.report(error.message);
      this.settle({ ok: false, error });
      this.emit('gave-up', error);
      void this.stop();
      return;
    }
    const delayMs = Math.min(initialBackoffMs * 2 ** (failures - 1), maxBackoffMs);
    this.options.report(
      `restarting ${name} in ${seconds(delayMs)} (failure ${failures}; ${maxFailures} within ${seconds(failureWindowMs)} stop everything)`,
    );
    this.emit('restarting', { name, failures, delayMs });
    managed.timer = setTimeout(() => void this.restart(managed), delayMs);
  }

  private async restart(managed: Managed): Promise<void> {
    managed.timer = undefined;
    if (this.stopping) return;
    managed.restarts++;
    const run = this.launch(managed);
    const result = await run.untilReady(this.options.readyTimeoutMs);
    const { name } = managed.spec;
    if (result === 'ready') {
      this.options.report(`${name} is ready again (pid ${run.pid})`);
      this.emit('ready', { name, pid: run.pid, restarts: managed.restarts });
    } else if (result === 'timeout') {
      // Counted like a crash: onExit reports its exit and restarts it (or gives up).
      this.options.report(`${name} was not ready within ${seconds(this.options.readyTimeoutMs)} of its restart; killing it`);
      run.kill('SIGKILL');
    }
  }
}
