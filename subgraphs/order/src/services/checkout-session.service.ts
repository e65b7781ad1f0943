import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import type { Logger } from '@shopgraph/observability';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import * as sessions from '../store/checkout-session.sql.js';
import type { CheckoutSessionView } from '../store/rows.js';
import { releaseReservation } from './inventory.client.js';

/**
 * Releases the stock of closed sessions, after their transaction committed. A failed release is
 * only logged: the inventory expires the reservation at the same TTL on its own.
 */
export async function releaseHeldStock(
  runtime: SubgraphRuntime,
  closed: readonly Pick<CheckoutSessionView, 'id' | 'reservationId'>[],
  logger: Logger,
): Promise<void> {
  await Promise.all(
    closed.map((s) =>
      releaseReservation(runtime, s.reservationId).catch((error: unknown) =>
        logger.warn({ err: error, sessionId: s.id }, 'reservation release failed; the inventory TTL will release it'),
      ),
    ),
  );
}

/**
 * Expires every OPEN session whose time ran out by `now` (at most `batch` per call), returning the
 * cart to ACTIVE and releasing the stock. Rows are taken with SKIP LOCKED so several instances
 * (or a shopper's own request) never expire the same session twice.
 */
export async function expireDueSessions(em: EntityManager, runtime: SubgraphRuntime, now: Date = new Date(), batch = 100): Promise<number> {
  const expired = await sessions.expireDueSessions(await PreparedSql.of(em), now, batch);
  await releaseHeldStock(runtime, expired, runtime.logger);
  return expired.length;
}
