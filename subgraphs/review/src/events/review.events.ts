import { defineEvent } from '@shopgraph/events';
import type { ReviewRequestSkipReason } from '../domain/review-request-policy.js';

/** A customer wrote a review (it starts PENDING, or APPROVED by the automatic rules). */
export const ReviewCreated = defineEvent<{ reviewId: string; productId: string; customerId: string; rating: number; status: string }>(
  'review.created',
  1,
);

/** A review changed moderation status (automatic rules, staff, an edit or reports). */
export const ReviewStatusChanged = defineEvent<{
  reviewId: string;
  productId: string;
  from: string;
  to: string;
  actor: string;
  reason: string | null;
}>('review.status-changed', 1);

/** A review request mail went to the customer of a delivered order, with a link per product. */
export const ReviewRequestSent = defineEvent<{ orderId: string; customerId: string; email: string; productIds: string[] }>(
  'review.request-sent',
  1,
);

/** A delivered order's review request was not sent, and why. */
export const ReviewRequestSkipped = defineEvent<{ orderId: string; customerId: string | null; reason: ReviewRequestSkipReason }>(
  'review.request-skipped',
  1,
);
