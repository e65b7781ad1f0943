import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@shopgraph/observability';
import { expireDue } from './reservation.service.js';

/**
 * Releases expired reservations every `intervalMs`, one sweep at a time; returns a function that
 * stops the timer and waits for a sweep in progress.
 */
export function startExpiryScheduler(em: EntityManager, logger: Logger, intervalMs: number): () => Promise<void> {
  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running) return;
    running = expireDue(em.fork())
      .then((n) => {
        if (n > 0) logger.info({ expired: n }, 'expired reservations released');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'reservation expiry failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
