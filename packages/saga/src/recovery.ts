import { setTimeout as sleep } from 'node:timers/promises';
import type { JobQueue } from '@shopgraph/events';
import { type Logger, type TraceCarrier, runInConsumerSpan, traceCarrier } from '@shopgraph/observability';

/** An advance job: the run, and the trace context of whoever asked for it (a request whose budget ran out, a retry). */
type AdvanceJob = { runId: string } & TraceCarrier;

/** What the background driver runs on. */
export interface BackgroundOptions {
  /** Drives one run until it settles (the engine's `drive` without a budget). */
  drive(runId: string): Promise<unknown>;
  /** Ids of due runs whose lease is free or expired. */
  due(): Promise<string[]>;
  schema: string;
  bus?: JobQueue;
  logger: Logger;
  sweepIntervalSeconds: number;
}

/**
 * Advances runs nobody drives inline: woken, backing off, out of budget, or left by a dead instance
 * (expired lease). Each instance sweeps on an interval for due runs; with a bus, the sweep enqueues
 * `<schema>.saga.advance` jobs that spread them over the instances, without one it drives them in
 * this process. Either way the lease, not the job, decides who walks a run.
 */
export class SagaBackground {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: BackgroundOptions) {}

  /** The queue of advance jobs (`{ runId }`). */
  get advanceQueue(): string {
    return `${this.options.schema}.saga.advance`;
  }

  /** Starts the worker and the sweep, and sweeps once at once (runs stranded while nothing ran). */
  async start(): Promise<void> {
    const { bus, sweepIntervalSeconds } = this.options;
    if (bus) await bus.work<AdvanceJob>(this.advanceQueue, ({ runId, ...carrier }) => this.advance(runId, carrier));
    // Every instance sweeps on its own timer rather than through one job chain across instances
    // (bus.every): a chain's job held by an instance that was killed stays "active" until pg-boss
    // expires it (15 minutes), and no instance would take over anything meanwhile. The lease decides
    // who walks a run, so several sweeps finding the same run are harmless.
    this.timer = setInterval(() => void this.sweep(), sweepIntervalSeconds * 1000);
    this.timer.unref();
    await this.sweep();
  }

  /**
   * Has `runId` advanced in the background after `delayMs`, in the trace of the caller (the checkout
   * whose budget ran out, the step being retried): its walk is a consumer span under the caller's.
   */
  async kick(runId: string, delayMs = 0): Promise<void> {
    if (this.abort.signal.aborted) return;
    const carrier = traceCarrier();
    if (this.options.bus) {
      const job: AdvanceJob = { runId, ...carrier };
      await this.options.bus.scheduleAt(this.advanceQueue, job, new Date(Date.now() + delayMs));
      return;
    }
    const advance = sleep(delayMs, undefined, { signal: this.abort.signal }).then(() => this.advance(runId, carrier));
    const tracked: Promise<void> = advance.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Stops sweeping and taking jobs (the bus itself is the caller's), and waits for the runs walking here. */
  async stop(): Promise<void> {
    this.abort.abort();
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  private async sweep(): Promise<void> {
    if (this.abort.signal.aborted) return;
    try {
      for (const runId of await this.options.due()) await this.kick(runId);
    } catch (error) {
      this.options.logger.error({ err: error, schema: this.options.schema }, 'saga sweep failed');
    }
  }

  private async advance(runId: string, carrier: TraceCarrier): Promise<void> {
    if (this.abort.signal.aborted) return;
    try {
      await runInConsumerSpan('saga.advance', carrier, () => this.options.drive(runId), { 'saga.id': runId });
    } catch (error) {
      this.options.logger.error({ err: error, runId }, 'saga advance failed');
    }
  }
}
