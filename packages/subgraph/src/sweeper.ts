import type { Logger } from '@shopgraph/observability';

/** A periodic sweep: `run` does one pass and returns how many items it handled. */
export interface Sweep {
  /** What the sweep handles, for its log lines (e.g. "expired reservations released"). */
  done: string;
  /** Log message when a pass fails. */
  failed: string;
  run: () => Promise<number>;
}

/**
 * Runs `sweep` every `intervalMs`, one pass at a time (a pass still running when the timer fires is
 * not overlapped); returns a function that stops the timer and waits for a pass in progress.
 * Several instances may sweep at once: each sweep locks what it takes (`SKIP LOCKED`).
 */
export function startSweeper(sweep: Sweep, intervalMs: number, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = () => {
    if (running) return;
    running = sweep
      .run()
      .then((n) => {
        if (n > 0) logger.info({ count: n }, sweep.done);
      })
      .catch((error: unknown) => logger.error({ err: error }, sweep.failed))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
