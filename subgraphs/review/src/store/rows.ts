import type { ReviewStatus } from '../domain/moderation.js';
import { type RatingCounts, emptyRating } from '../domain/rating.js';

/** A review as the store returns it: a plain view, never an entity. */
export interface ReviewView {
  id: string;
  productId: string;
  customerId: string | null;
  authorName: string;
  rating: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  status: ReviewStatus;
  moderationReason: string | null;
  textHash: string | null;
  helpfulCount: number;
  reportCount: number;
  reply: { body: string; by: string | null; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns of a review row, as `pg` and `row_to_json` name them. */
export interface ReviewRow {
  id: string;
  product_id: string;
  customer_id: string | null;
  author_name: string;
  rating: number;
  title: string;
  body: string;
  verified_purchase: boolean;
  status: ReviewStatus;
  moderation_reason: string | null;
  text_hash: string | null;
  helpful_count: number;
  report_count: number;
  reply_body: string | null;
  reply_by: string | null;
  replied_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Every column of a review (alias `r`). */
export const REVIEW_COLUMNS = `r.id, r.product_id, r.customer_id, r.author_name, r.rating, r.title, r.body, r.verified_purchase,
  r.status, r.moderation_reason, r.text_hash, r.helpful_count, r.report_count, r.reply_body, r.reply_by, r.replied_at,
  r.created_at, r.updated_at`;

/** A review row (from `pg` or from JSON) as a view. */
export function reviewOf(row: ReviewRow): ReviewView {
  return {
    id: row.id,
    productId: row.product_id,
    customerId: row.customer_id,
    authorName: row.author_name,
    rating: Number(row.rating),
    title: row.title,
    body: row.body,
    verifiedPurchase: row.verified_purchase,
    status: row.status,
    moderationReason: row.moderation_reason,
    textHash: row.text_hash,
    helpfulCount: Number(row.helpful_count),
    reportCount: Number(row.report_count),
    reply:
      row.reply_body !== null && row.replied_at !== null ? { body: row.reply_body, by: row.reply_by, at: new Date(row.replied_at) } : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A product_rating row as `json_build_object` gives it. */
export interface RatingRow {
  count: number;
  sum: number;
  histogram: number[];
}

/** A rating row as counts; a product without a row has none. */
export function ratingOf(row: RatingRow | undefined): RatingCounts {
  if (!row) return emptyRating();
  const [h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0] = row.histogram;
  return { count: row.count, sum: row.sum, histogram: [h1, h2, h3, h4, h5] };
}
