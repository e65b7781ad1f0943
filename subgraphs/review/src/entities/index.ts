import { CustomerAction } from './customer-action.entity.js';
import { HelpfulVote } from './helpful-vote.entity.js';
import { ModerationEntry } from './moderation-entry.entity.js';
import { ProductRating } from './product-rating.entity.js';
import { Purchase } from './purchase.entity.js';
import { ReviewReport } from './review-report.entity.js';
import { ReviewRequest } from './review-request.entity.js';
import { Review } from './review.entity.js';

/** Every entity of the review schema. */
export const entities = [Review, ProductRating, Purchase, HelpfulVote, ReviewReport, ModerationEntry, ReviewRequest, CustomerAction];
export { CustomerAction, HelpfulVote, ModerationEntry, ProductRating, Purchase, Review, ReviewReport, ReviewRequest };
export { ReviewStatus } from './review.entity.js';
