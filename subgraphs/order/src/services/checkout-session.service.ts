import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { Logger } from '@shopgraph/observability';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { CartStatus } from '../domain/cart-status.js';
import { CheckoutStatus, canMoveCheckout } from '../domain/checkout-status.js';
import { Cart, CheckoutSession } from '../entities/index.js';
import { releaseReservation } from './inventory.client.js';

/**
 * Closes OPEN sessions (ABANDONED or EXPIRED): the session moves as the state table allows, its
 * cart becomes ACTIVE again, and after the commit the held stock is released. A failed release
 * is only logged: the inventory expires the reservation at the same TTL on its own.
 */
export async function closeSessions(em: EntityManager, sessions: readonly CheckoutSession[], to: CheckoutStatus.ABANDONED | CheckoutStatus.EXPIRED): Promise<CheckoutSession[]> {
  const closed = sessions.filter((s) => canMoveCheckout(s.status, to));
  if (closed.length === 0) return [];
  for (const s of closed) s.status = to;
  const carts = await em.find(Cart, { id: { $in: closed.map((s) => s.cartId) }, status: CartStatus.CHECKOUT }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const c of carts) c.status = CartStatus.ACTIVE;
  await em.flush();
  return closed;
}

/** Releases the stock of closed sessions, after their transaction committed. */
export async function releaseHeldStock(runtime: SubgraphRuntime, sessions: readonly CheckoutSession[], logger: Logger): Promise<void> {
  await Promise.all(
    sessions.map((s) =>
      releaseReservation(runtime, s.reservationId).catch((error: unknown) => logger.warn({ err: error, sessionId: s.id }, 'reservation release failed; the inventory TTL will release it')),
    ),
  );
}

/**
 * Expires every OPEN session whose time ran out by `now` (at most `batch` per call), returning the
 * cart to ACTIVE and releasing the stock. Rows are taken with SKIP LOCKED so several instances
 * (or a shopper's own request) never expire the same session twice.
 */
export async function expireDueSessions(em: EntityManager, runtime: SubgraphRuntime, now: Date = new Date(), batch = 100): Promise<number> {
  const expired = await em.transactional(async (tx) => {
    const due = await tx.find(CheckoutSession, { status: CheckoutStatus.OPEN, expiresAt: { $lte: now } }, { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: batch, orderBy: { expiresAt: 'asc' } });
    return closeSessions(tx, due, CheckoutStatus.EXPIRED);
  });
  await releaseHeldStock(runtime, expired, runtime.logger);
  return expired.length;
}
