import { createHash } from 'node:crypto';
import { defineMachine } from '@shopgraph/fsm';

/** Moderation state of a review: only approved reviews are shown and counted in the rating. */
export enum ReviewStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  /** Approved, then hidden by shoppers' reports until staff look at it again. */
  FLAGGED = 'FLAGGED',
}

/**
 * Why staff reject a review: its content, never its rating (FTC 16 CFR 465 forbids suppressing
 * negative reviews), so no reason here can be about the stars.
 */
export enum ModerationReason {
  PROFANITY = 'PROFANITY',
  PII = 'PII',
  SPAM = 'SPAM',
  OFF_TOPIC = 'OFF_TOPIC',
  NOT_A_CUSTOMER = 'NOT_A_CUSTOMER',
}

/** Who moves a review: its author (an edit), the automatic rules, or staff. */
export type ModerationActor = 'author' | 'system' | 'staff';

/** What the guards read: the reason given with the move. */
export interface ModerationContext {
  reason: ModerationReason | null;
}

const needsReason = (ctx: ModerationContext) => (ctx.reason ? null : 'A rejection needs a content reason');

/**
 * The moderation lifecycle: PENDING → APPROVED | REJECTED; APPROVED → FLAGGED (reports) →
 * APPROVED | REJECTED; any edit by the author sends the review back to PENDING (re-review).
 */
export const moderationMachine = defineMachine<ReviewStatus, ModerationActor, ModerationContext>(
  {
    [ReviewStatus.PENDING]: [
      { to: ReviewStatus.APPROVED, by: ['system', 'staff'] },
      { to: ReviewStatus.REJECTED, by: ['staff'], guard: needsReason },
      { to: ReviewStatus.PENDING, by: ['author'] },
    ],
    [ReviewStatus.APPROVED]: [
      { to: ReviewStatus.PENDING, by: ['author'] },
      { to: ReviewStatus.FLAGGED, by: ['system'] },
      { to: ReviewStatus.REJECTED, by: ['staff'], guard: needsReason },
    ],
    [ReviewStatus.FLAGGED]: [
      { to: ReviewStatus.APPROVED, by: ['staff'] },
      { to: ReviewStatus.REJECTED, by: ['staff'], guard: needsReason },
      { to: ReviewStatus.PENDING, by: ['author'] },
    ],
    [ReviewStatus.REJECTED]: [
      { to: ReviewStatus.PENDING, by: ['author'] },
      { to: ReviewStatus.APPROVED, by: ['staff'] },
    ],
  },
  { name: 'review' },
);

/** Whether a review in `status` is shown to shoppers and counted in its product's rating. */
export const isShown = (status: ReviewStatus) => status === ReviewStatus.APPROVED;

/** What the automatic rules hold a review for (staff then decide). */
export type HoldReason = 'UNVERIFIED' | 'LINK' | 'PROFANITY' | 'PII' | 'REPEATED_TEXT';

/** The automatic rules' verdict on a new or edited review. */
export interface AutoVerdict {
  decision: 'APPROVE' | 'HOLD';
  holds: HoldReason[];
}

const LINK = /(https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(com|net|org|io|ru|cn|shop|xyz)\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const PHONE = /(\+?\d[\d\s().-]{8,}\d)/;
const PROFANE = ['fuck', 'shit', 'cunt', 'bitch', 'asshole', 'motherfucker', 'dickhead'];
const PROFANE_WORD = new RegExp(`\\b(${PROFANE.join('|')})\\w*`, 'i');

/**
 * The automatic rules, pure and symmetric in rating (they never see the stars): a verified
 * review whose text carries no link, profanity, contact details or text already posted is
 * published at once; anything else waits for staff.
 */
export function autoModerate(review: { verified: boolean; title: string; body: string; repeatedText: boolean }): AutoVerdict {
  const text = `${review.title}\n${review.body}`;
  const holds: HoldReason[] = [];
  if (!review.verified) holds.push('UNVERIFIED');
  if (LINK.test(text)) holds.push('LINK');
  if (PROFANE_WORD.test(text)) holds.push('PROFANITY');
  if (EMAIL.test(text) || PHONE.test(text)) holds.push('PII');
  if (review.repeatedText) holds.push('REPEATED_TEXT');
  return { decision: holds.length === 0 ? 'APPROVE' : 'HOLD', holds };
}

/** A fingerprint of a review's text, blind to case, spacing and punctuation, to catch text posted again. */
export function textFingerprint(title: string, body: string): string {
  const normal = `${title} ${body}`
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(normal).digest('hex');
}
