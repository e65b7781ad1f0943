import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql, type TxSql } from '@shopgraph/db';
import { recordEvent } from '@shopgraph/events';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import { type RateLimit, rateLimitVerdict } from '../domain/rate-limit.js';
import { isShown } from '../domain/moderation.js';
import { ratingDelta } from '../domain/rating.js';
import { ReviewStatusChanged } from '../events/review.events.js';
import { type ModerationLogEntry, lockRecentActions, logModeration, recordAction } from '../store/audit.sql.js';
import { applyRatingDelta } from '../store/review.sql.js';
import type { ReviewView } from '../store/rows.js';

/** What a review mutation answers: the review as it is now, or why nothing changed. */
export interface ReviewResult {
  review: ReviewView | null;
  userErrors: UserError[];
}

/** A refusal: nothing changed. */
export const refused = (code: UserErrorCode, message: string, field?: string[]): ReviewResult => ({
  review: null,
  userErrors: [userError(code, message, field)],
});

/**
 * Runs `fn` in one transaction with the store bound to it; when `fn` refuses (returns user
 * errors) the transaction is rolled back, so a refused mutation changes nothing.
 */
export async function inReviewTransaction<R extends { userErrors: UserError[] }>(
  em: EntityManager,
  fn: (sql: TxSql, tx: EntityManager) => Promise<R>,
): Promise<R> {
  const rollback = Symbol('refused');
  let refusedWith: R | undefined;
  try {
    return await em.transactional(async (tx) => {
      const result = await fn(PreparedSql.ofTransaction(tx), tx);
      if (result.userErrors.length > 0) {
        refusedWith = result;
        throw rollback;
      }
      return result;
    });
  } catch (error) {
    if (error === rollback && refusedWith) return refusedWith;
    throw error;
  }
}

/**
 * Applies the consequences of a review's change inside its transaction: the product's rating
 * moves by exactly what the change shows or hides, the moderation log records every step, and
 * each status change is published through the outbox.
 */
export async function commitChange(
  sql: TxSql,
  tx: EntityManager,
  before: ReviewView | null,
  after: ReviewView | null,
  log: readonly ModerationLogEntry[],
): Promise<void> {
  const productId = (after ?? before)!.productId;
  const shown = (r: ReviewView | null) => r && { shown: isShown(r.status), rating: r.rating };
  await applyRatingDelta(sql, productId, ratingDelta(shown(before), shown(after)));
  await logModeration(sql, log);
  for (const entry of log) {
    if (!entry.fromStatus || !entry.toStatus || entry.fromStatus === entry.toStatus) continue;
    await recordEvent(tx, ReviewStatusChanged, {
      aggregateId: entry.reviewId,
      payload: {
        reviewId: entry.reviewId,
        productId,
        from: entry.fromStatus,
        to: entry.toStatus,
        actor: entry.actor,
        reason: entry.reason,
      },
    });
  }
}

/** Refuses the action when the customer reached the limit, else counts it (in the caller's transaction). */
export async function takeAction(sql: TxSql, customerId: string, action: 'write' | 'report', limit: RateLimit): Promise<UserError | null> {
  const earlier = await lockRecentActions(sql, customerId, action, limit.windowSeconds);
  const verdict = rateLimitVerdict(earlier, new Date(), limit);
  if (!verdict.allowed) {
    return userError(
      UserErrorCode.TOO_MANY_ATTEMPTS,
      `Too many reviews ${action === 'write' ? 'written' : 'reported'} recently: try again in ${verdict.retryAfterSeconds} seconds`,
    );
  }
  await recordAction(sql, customerId, action);
  return null;
}
