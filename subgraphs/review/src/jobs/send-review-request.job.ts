import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import type { JobQueue } from '@shopgraph/events';
import type { Logger } from '@shopgraph/observability';
import { REVIEW_REQUEST_JOB, type ReviewRequestPorts, decideReviewRequest } from '../services/review-request.service.js';
import { overdueRequests } from '../store/purchase.sql.js';

/** The job's data: the order whose review request is due. */
export interface ReviewRequestJob {
  orderId: string;
}

/** The recurring sweep that decides requests whose job was lost or gave up (once across instances). */
export const REVIEW_REQUEST_SWEEP = 'review.request-sweep';
/** How late past its due time a request counts as missed by its job. */
const OVERDUE_SECONDS = 600;

/** Schedules the review request job of an order at `dueAt` (durable: a pg-boss delayed job). */
export async function scheduleReviewRequest(bus: JobQueue, orderId: string, dueAt: Date): Promise<void> {
  await bus.scheduleAt<ReviewRequestJob>(REVIEW_REQUEST_JOB, { orderId }, dueAt);
}

/**
 * Decides the requests still scheduled well past their due time: a job that failed all its retries
 * (the customer subgraph down for long) or was lost. Each is decided once, under its row lock,
 * whoever gets there first. Returns how many it decided.
 */
export async function sweepReviewRequests(em: EntityManager, ports: ReviewRequestPorts, logger: Logger): Promise<number> {
  const orderIds = await overdueRequests(await PreparedSql.of(em), OVERDUE_SECONDS, 100);
  let decided = 0;
  for (const orderId of orderIds) {
    const outcome = await decideReviewRequest(em.fork(), ports, orderId).catch((error: unknown) => {
      logger.warn({ err: error, orderId }, 'overdue review request not decided');
      return null;
    });
    if (outcome === 'SENT' || outcome === 'SKIPPED') decided += 1;
  }
  return decided;
}

/** Works the review request jobs of this instance, and the sweep of overdue ones every `sweepSeconds`. */
export async function workReviewRequests(
  bus: JobQueue,
  em: EntityManager,
  ports: ReviewRequestPorts,
  logger: Logger,
  sweepSeconds: number,
): Promise<void> {
  await bus.work<ReviewRequestJob>(REVIEW_REQUEST_JOB, async ({ orderId }) => {
    const outcome = await decideReviewRequest(em.fork(), ports, orderId);
    logger.info({ orderId, outcome }, 'review request decided');
  });
  await bus.every(REVIEW_REQUEST_SWEEP, sweepSeconds, async () => {
    const decided = await sweepReviewRequests(em.fork(), ports, logger);
    if (decided > 0) logger.info({ decided }, 'overdue review requests decided');
  });
}
