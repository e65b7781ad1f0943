import type { EntityManager } from '@mikro-orm/postgresql';
import type { TxSql } from '@shopgraph/db';
import { recordEvent } from '@shopgraph/events';
import { UserErrorCode, userError } from '@shopgraph/errors';
import type { ReviewPolicy } from '../config.js';
import { ReviewStatus, autoModerate, moderationMachine, textFingerprint } from '../domain/moderation.js';
import { type ReviewText, reviewInputProblems } from '../domain/review-input.js';
import { isVerifiedPurchase } from '../domain/verified-purchase.js';
import { ReviewCreated } from '../events/review.events.js';
import type { ModerationLogEntry } from '../store/audit.sql.js';
import { purchaseLines } from '../store/purchase.sql.js';
import { deleteReview as deleteRow, insertReview, lockReview, saveReview, setStatus, textPostedElsewhere } from '../store/review.sql.js';
import type { ReviewView } from '../store/rows.js';
import { type ReviewResult, commitChange, inReviewTransaction, refused, takeAction } from './review-change.js';

/** What a customer writes about a product. */
export interface CreateReviewInput {
  productId: string;
  rating: number;
  title: string;
  body: string;
  authorName?: string | undefined;
}

/** What an author changes of their review; omitted fields stay. */
export interface UpdateReviewInput {
  id: string;
  rating?: number | undefined;
  title?: string | undefined;
  body?: string | undefined;
  authorName?: string | undefined;
}

const DEFAULT_AUTHOR_NAME = 'Customer';

const inputErrors = (input: ReviewText): ReviewResult | null => {
  const problems = reviewInputProblems(input);
  return problems.length
    ? { review: null, userErrors: problems.map((p) => userError(UserErrorCode.INVALID_INPUT, p.message, ['input', p.field])) }
    : null;
};

/**
 * Runs the automatic rules on a review that just entered PENDING (new or edited): publishes it when
 * they approve, else leaves it for staff. Returns the review as it ends and the log entries.
 */
async function moderateAutomatically(sql: TxSql, review: ReviewView): Promise<{ review: ReviewView; log: ModerationLogEntry[] }> {
  const repeatedText = review.textHash !== null && (await textPostedElsewhere(sql, review.textHash, review.customerId!, review.id));
  const verdict = autoModerate({ verified: review.verifiedPurchase, title: review.title, body: review.body, repeatedText });
  const entry = { reviewId: review.id, actor: 'system' as const, actorId: null, fromStatus: ReviewStatus.PENDING };
  if (verdict.decision === 'HOLD') {
    return { review, log: [{ ...entry, toStatus: ReviewStatus.PENDING, reason: `HELD:${verdict.holds.join(',')}` }] };
  }
  moderationMachine.assert(ReviewStatus.PENDING, ReviewStatus.APPROVED, 'system', { reason: null });
  const approved = await setStatus(sql, review.id, ReviewStatus.APPROVED, null);
  return { review: approved, log: [{ ...entry, toStatus: ReviewStatus.APPROVED, reason: null }] };
}

async function verified(sql: TxSql, customerId: string, productId: string): Promise<boolean> {
  return isVerifiedPurchase(await purchaseLines(sql, customerId, productId));
}

/**
 * A customer's review of a product: one per customer and product, verified when they received it
 * (refused without that when the policy requires it), moderated at once by the automatic rules.
 * The author is the caller; the rating moves in the same transaction if the review is published.
 */
export async function createReview(
  em: EntityManager,
  policy: ReviewPolicy,
  customerId: string,
  input: CreateReviewInput,
): Promise<ReviewResult> {
  const authorName = input.authorName?.trim() || DEFAULT_AUTHOR_NAME;
  const invalid = inputErrors({ ...input, authorName });
  if (invalid) return invalid;
  return inReviewTransaction(em, async (sql, tx) => {
    const isVerified = await verified(sql, customerId, input.productId);
    if (policy.requireVerifiedPurchase && !isVerified) {
      return refused(UserErrorCode.INVALID_INPUT, 'Only customers who received this product may review it', ['input', 'productId']);
    }
    const limited = await takeAction(sql, customerId, 'write', policy.write);
    if (limited) return { review: null, userErrors: [limited] };
    const title = input.title.trim();
    const body = input.body.trim();
    const created = await insertReview(sql, {
      productId: input.productId,
      customerId,
      authorName,
      rating: input.rating,
      title,
      body,
      verifiedPurchase: isVerified,
      textHash: textFingerprint(title, body),
    });
    if (!created)
      return refused(UserErrorCode.INVALID_INPUT, 'You already reviewed this product: edit your review instead', ['input', 'productId']);
    const moderated = await moderateAutomatically(sql, created);
    const log: ModerationLogEntry[] = [
      { reviewId: created.id, actor: 'author', actorId: customerId, fromStatus: null, toStatus: ReviewStatus.PENDING, reason: 'CREATED' },
      ...moderated.log,
    ];
    await commitChange(sql, tx, null, moderated.review, log);
    await recordEvent(tx, ReviewCreated, {
      aggregateId: created.id,
      payload: { reviewId: created.id, productId: created.productId, customerId, rating: created.rating, status: moderated.review.status },
    });
    return { review: moderated.review, userErrors: [] };
  });
}

/** The caller's own review, locked; null when it does not exist or is someone else's (which is not told apart). */
async function lockOwn(sql: TxSql, customerId: string, id: string): Promise<ReviewView | null> {
  const review = await lockReview(sql, id);
  return review && review.customerId === customerId ? review : null;
}

const notYours = () => refused(UserErrorCode.NOT_FOUND, 'You have no review with this id', ['input', 'id']);

/**
 * The author edits their review: it re-enters moderation (PENDING, then the automatic rules), and
 * the rating moves by exactly what the edit shows or hides. Another customer's review is NOT_FOUND.
 */
export async function updateReview(
  em: EntityManager,
  policy: ReviewPolicy,
  customerId: string,
  input: UpdateReviewInput,
): Promise<ReviewResult> {
  const invalid = inputErrors(input);
  if (invalid) return invalid;
  return inReviewTransaction(em, async (sql, tx) => {
    const before = await lockOwn(sql, customerId, input.id);
    if (!before) return notYours();
    const next = {
      ...before,
      rating: input.rating ?? before.rating,
      title: input.title?.trim() ?? before.title,
      body: input.body?.trim() ?? before.body,
      authorName: input.authorName?.trim() || before.authorName,
    };
    const unchanged =
      next.rating === before.rating && next.title === before.title && next.body === before.body && next.authorName === before.authorName;
    if (unchanged) return { review: before, userErrors: [] };
    const limited = await takeAction(sql, customerId, 'write', policy.write);
    if (limited) return { review: null, userErrors: [limited] };
    moderationMachine.assert(before.status, ReviewStatus.PENDING, 'author', { reason: null });
    const edited = await saveReview(sql, {
      ...next,
      status: ReviewStatus.PENDING,
      moderationReason: null,
      verifiedPurchase: await verified(sql, customerId, before.productId),
      textHash: textFingerprint(next.title, next.body),
    });
    const moderated = await moderateAutomatically(sql, edited);
    const log: ModerationLogEntry[] = [
      {
        reviewId: before.id,
        actor: 'author',
        actorId: customerId,
        fromStatus: before.status,
        toStatus: ReviewStatus.PENDING,
        reason: 'EDITED',
      },
      ...moderated.log,
    ];
    await commitChange(sql, tx, before, moderated.review, log);
    return { review: moderated.review, userErrors: [] };
  });
}

/** The author deletes their review; a shown one leaves the rating in the same transaction. */
export async function deleteReview(
  em: EntityManager,
  customerId: string,
  id: string,
): Promise<{ deletedReviewId: string | null; userErrors: ReviewResult['userErrors'] }> {
  const result = await inReviewTransaction(em, async (sql, tx) => {
    const before = await lockOwn(sql, customerId, id);
    if (!before) return notYours();
    await deleteRow(sql, id);
    await commitChange(sql, tx, before, null, [
      { reviewId: id, actor: 'author', actorId: customerId, fromStatus: before.status, toStatus: null, reason: 'DELETED' },
    ]);
    return { review: before, userErrors: [] };
  });
  return { deletedReviewId: result.review?.id ?? null, userErrors: result.userErrors };
}
