import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { type ModerationReason, ReviewStatus, moderationMachine } from '../domain/moderation.js';
import { textProblems } from '../domain/review-input.js';
import { lockReview, setReply, setStatus } from '../store/review.sql.js';
import { type ReviewResult, commitChange, inReviewTransaction, refused } from './review-change.js';

/** A staff decision on a review. */
export interface ModerateInput {
  id: string;
  decision: 'APPROVE' | 'REJECT';
  /** A content reason; required to reject. */
  reason?: ModerationReason | undefined;
  note?: string | undefined;
}

/**
 * Staff approve or reject a review (PENDING or FLAGGED, or reconsider a rejection), through the
 * moderation machine; a rejection needs a content reason. The rating moves in the same transaction,
 * and the decision is logged with who made it.
 */
export async function moderateReview(em: EntityManager, staffId: string, input: ModerateInput): Promise<ReviewResult> {
  return inReviewTransaction(em, async (sql, tx) => {
    const before = await lockReview(sql, input.id);
    if (!before) return refused(UserErrorCode.NOT_FOUND, 'No review with this id', ['input', 'id']);
    const to = input.decision === 'APPROVE' ? ReviewStatus.APPROVED : ReviewStatus.REJECTED;
    const reason = input.decision === 'REJECT' ? (input.reason ?? null) : null;
    const refusal = moderationMachine.refusal(before.status, to, 'staff', { reason });
    if (refusal) {
      return {
        review: null,
        userErrors: [userError(UserErrorCode.INVALID_STATUS_TRANSITION, refusal, ['input', reason ? 'decision' : 'reason'])],
      };
    }
    // A review approved again after reports starts counting new reports from zero.
    const after = await setStatus(sql, before.id, to, reason, before.status === ReviewStatus.FLAGGED);
    await commitChange(sql, tx, before, after, [
      { reviewId: before.id, actor: 'staff', actorId: staffId, fromStatus: before.status, toStatus: to, reason, note: input.note ?? null },
    ]);
    return { review: after, userErrors: [] };
  });
}

/** The merchant's public reply under a review, set or replaced, and logged. */
export async function replyToReview(em: EntityManager, staffId: string, input: { id: string; body: string }): Promise<ReviewResult> {
  const body = input.body.trim();
  const problems = textProblems('reply', body);
  if (problems.length) return refused(UserErrorCode.INVALID_INPUT, problems[0]!.message, ['input', 'body']);
  return inReviewTransaction(em, async (sql, tx) => {
    const before = await lockReview(sql, input.id);
    if (!before) return refused(UserErrorCode.NOT_FOUND, 'No review with this id', ['input', 'id']);
    const after = await setReply(sql, before.id, body, staffId);
    await commitChange(sql, tx, before, after, [
      {
        reviewId: before.id,
        actor: 'staff',
        actorId: staffId,
        fromStatus: before.status,
        toStatus: before.status,
        reason: 'REPLY',
        note: body,
      },
    ]);
    return { review: after, userErrors: [] };
  });
}
