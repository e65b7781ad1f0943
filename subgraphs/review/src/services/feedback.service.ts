import type { EntityManager } from '@mikro-orm/postgresql';
import { type UserError, UserErrorCode } from '@shopgraph/errors';
import type { ReviewPolicy } from '../config.js';
import { type ModerationReason, ReviewStatus, moderationMachine } from '../domain/moderation.js';
import { textProblems } from '../domain/review-input.js';
import { insertReport, insertVote } from '../store/feedback.sql.js';
import { bumpCounter, lockReview, setStatus } from '../store/review.sql.js';
import { type ReviewResult, commitChange, inReviewTransaction, refused, takeAction } from './review-change.js';

/**
 * A customer finds a shown review helpful: one vote per customer and review (its primary key),
 * never on their own review; the counter moves in the vote's transaction, with the review locked,
 * so parallel votes count exactly.
 */
export async function voteHelpful(em: EntityManager, customerId: string, reviewId: string): Promise<ReviewResult> {
  return inReviewTransaction(em, async (sql) => {
    const review = await lockReview(sql, reviewId);
    if (!review || review.status !== ReviewStatus.APPROVED)
      return refused(UserErrorCode.NOT_FOUND, 'No shown review with this id', ['input', 'reviewId']);
    if (review.customerId === customerId)
      return refused(UserErrorCode.INVALID_INPUT, 'You cannot vote for your own review', ['input', 'reviewId']);
    if (!(await insertVote(sql, reviewId, customerId))) {
      return refused(UserErrorCode.INVALID_INPUT, 'You already found this review helpful', ['input', 'reviewId']);
    }
    return { review: await bumpCounter(sql, reviewId, 'helpful_count'), userErrors: [] as UserError[] };
  });
}

/** A shopper's report of a review's content. */
export interface ReportInput {
  reviewId: string;
  reason: ModerationReason;
  note?: string | undefined;
}

/**
 * A customer reports a shown review's content (once per review, within the rate limit); enough
 * reports from different customers hide it (FLAGGED) until staff look at it again, and it leaves
 * the rating meanwhile.
 */
export async function reportReview(em: EntityManager, policy: ReviewPolicy, customerId: string, input: ReportInput): Promise<ReviewResult> {
  const note = input.note?.trim() || null;
  const problems = textProblems('reportNote', note ?? undefined);
  if (problems.length) return refused(UserErrorCode.INVALID_INPUT, problems[0]!.message, ['input', 'note']);
  return inReviewTransaction(em, async (sql, tx) => {
    const before = await lockReview(sql, input.reviewId);
    if (!before || before.status !== ReviewStatus.APPROVED)
      return refused(UserErrorCode.NOT_FOUND, 'No shown review with this id', ['input', 'reviewId']);
    if (before.customerId === customerId)
      return refused(UserErrorCode.INVALID_INPUT, 'You cannot report your own review', ['input', 'reviewId']);
    const limited = await takeAction(sql, customerId, 'report', policy.report);
    if (limited) return { review: null, userErrors: [limited] };
    if (!(await insertReport(sql, before.id, customerId, input.reason, note))) {
      return refused(UserErrorCode.INVALID_INPUT, 'You already reported this review', ['input', 'reviewId']);
    }
    const reported = await bumpCounter(sql, before.id, 'report_count');
    if (reported.reportCount < policy.reportHideThreshold) return { review: reported, userErrors: [] as UserError[] };
    moderationMachine.assert(ReviewStatus.APPROVED, ReviewStatus.FLAGGED, 'system', { reason: null });
    const flagged = await setStatus(sql, before.id, ReviewStatus.FLAGGED, null);
    await commitChange(sql, tx, before, flagged, [
      { reviewId: before.id, actor: 'system', actorId: null, fromStatus: before.status, toStatus: ReviewStatus.FLAGGED, reason: 'REPORTS' },
    ]);
    return { review: flagged, userErrors: [] as UserError[] };
  });
}
