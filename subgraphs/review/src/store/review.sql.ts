import type { PreparedSql, TxSql } from '@shopgraph/db';
import type { ReviewStatus } from '../domain/moderation.js';
import { type RatingDelta, isNoChange } from '../domain/rating.js';
import { REVIEW_COLUMNS, type ReviewRow, type ReviewView, reviewOf } from './rows.js';

/**
 * The one access path of the review aggregate (tables `review` and `product_rating`): every
 * write, and every read but the pages (`review-pages.sql.ts`), goes through these statements.
 * Statements are named `review.*`. Timestamps are kept to the millisecond, as cursors carry them.
 */

const NOW = `date_trunc('milliseconds', now())`;

/** What a new review holds. */
export interface NewReview {
  productId: string;
  customerId: string;
  authorName: string;
  rating: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  textHash: string;
}

/** Inserts a PENDING review; null when the customer already reviewed the product (one per customer and product). */
export async function insertReview(tx: TxSql, review: NewReview): Promise<ReviewView | null> {
  const row = await tx.row<ReviewRow>(
    'review.insert',
    `insert into "review"."review" as r (id, product_id, customer_id, author_name, rating, title, body, verified_purchase, status, text_hash, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, ${NOW}, ${NOW})
     on conflict (customer_id, product_id) where customer_id is not null do nothing
     returning ${REVIEW_COLUMNS}`,
    [
      review.productId,
      review.customerId,
      review.authorName,
      review.rating,
      review.title,
      review.body,
      review.verifiedPurchase,
      review.textHash,
    ],
  );
  return row ? reviewOf(row) : null;
}

/** Inserts an approved review without an author account (demo data). */
export async function insertImportedReview(
  tx: TxSql,
  review: Omit<NewReview, 'customerId' | 'textHash'> & { createdAt: Date },
): Promise<ReviewView> {
  const row = await tx.row<ReviewRow>(
    'review.insert-imported',
    `insert into "review"."review" as r (id, product_id, author_name, rating, title, body, verified_purchase, status, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'APPROVED', $7, $7) returning ${REVIEW_COLUMNS}`,
    [review.productId, review.authorName, review.rating, review.title, review.body, review.verifiedPurchase, review.createdAt],
  );
  return reviewOf(row!);
}

/** The review row-locked until the transaction ends (every change of one review goes one after the other); null if unknown. */
export async function lockReview(tx: TxSql, id: string): Promise<ReviewView | null> {
  const row = await tx.row<ReviewRow>('review.lock', `select ${REVIEW_COLUMNS} from "review"."review" r where r.id = $1 for update`, [id]);
  return row ? reviewOf(row) : null;
}

/** Reviews by id, in one statement. */
export async function reviewsByIds(sql: PreparedSql, ids: readonly string[]): Promise<ReviewView[]> {
  const rows = await sql.rows<ReviewRow>(
    'review.by-ids',
    `select ${REVIEW_COLUMNS} from "review"."review" r where r.id = any($1::uuid[])`,
    [ids],
  );
  return rows.map(reviewOf);
}

/** Writes a review's content, status and verification as decided by the service. */
export async function saveReview(tx: TxSql, review: ReviewView): Promise<ReviewView> {
  const row = await tx.row<ReviewRow>(
    'review.save',
    `update "review"."review" r set author_name = $2, rating = $3, title = $4, body = $5, verified_purchase = $6, status = $7,
       moderation_reason = $8, text_hash = $9, updated_at = ${NOW}
     where r.id = $1 returning ${REVIEW_COLUMNS}`,
    [
      review.id,
      review.authorName,
      review.rating,
      review.title,
      review.body,
      review.verifiedPurchase,
      review.status,
      review.moderationReason,
      review.textHash,
    ],
  );
  return reviewOf(row!);
}

/** Moves a review to `status` (moderation), with the reason of a rejection; optionally forgets its reports so far. */
export async function setStatus(
  tx: TxSql,
  id: string,
  status: ReviewStatus,
  reason: string | null,
  resetReports = false,
): Promise<ReviewView> {
  const row = await tx.row<ReviewRow>(
    'review.set-status',
    `update "review"."review" r set status = $2, moderation_reason = $3, report_count = case when $4 then 0 else report_count end
     where r.id = $1 returning ${REVIEW_COLUMNS}`,
    [id, status, reason, resetReports],
  );
  return reviewOf(row!);
}

/** Deletes a review (its votes and reports go with it). */
export async function deleteReview(tx: TxSql, id: string): Promise<void> {
  await tx.rows('review.delete', `delete from "review"."review" where id = $1`, [id]);
}

/** Sets the merchant's public reply. */
export async function setReply(tx: TxSql, id: string, body: string, by: string): Promise<ReviewView> {
  const row = await tx.row<ReviewRow>(
    'review.set-reply',
    `update "review"."review" r set reply_body = $2, reply_by = $3, replied_at = ${NOW} where r.id = $1 returning ${REVIEW_COLUMNS}`,
    [id, body, by],
  );
  return reviewOf(row!);
}

/** Adds one to a review's helpful or report counter. */
export async function bumpCounter(tx: TxSql, id: string, counter: 'helpful_count' | 'report_count'): Promise<ReviewView> {
  const row = await tx.row<ReviewRow>(
    `review.bump-${counter}`,
    `update "review"."review" r set ${counter} = ${counter} + 1 where r.id = $1 returning ${REVIEW_COLUMNS}`,
    [id],
  );
  return reviewOf(row!);
}

/** Whether another customer's review already holds this text. */
export async function textPostedElsewhere(tx: TxSql, textHash: string, customerId: string, exceptId: string | null): Promise<boolean> {
  const row = await tx.row(
    'review.text-posted',
    `select 1 from "review"."review" where text_hash = $1 and customer_id is distinct from $2 and id is distinct from $3 limit 1`,
    [textHash, customerId, exceptId],
  );
  return row !== undefined;
}

/**
 * Adds a delta to a product's stored rating, in the caller's transaction. Deltas add up, so
 * concurrent changes of different reviews of one product (each review locked) stay exact. A
 * product's first rating inserts its row (a delta that removes anything always finds the row its
 * earlier addition made; the row's checks refuse negative counts even in an insert's conflict).
 */
export async function applyRatingDelta(tx: TxSql, productId: string, delta: RatingDelta): Promise<void> {
  if (isNoChange(delta)) return;
  const [h1, h2, h3, h4, h5] = delta.histogram;
  const values = [productId, delta.count, delta.sum, h1, h2, h3, h4, h5];
  const updated = await tx.rows(
    'review.rating-update',
    `update "review"."product_rating" set count = count + $2, sum = sum + $3, hist_1 = hist_1 + $4, hist_2 = hist_2 + $5,
       hist_3 = hist_3 + $6, hist_4 = hist_4 + $7, hist_5 = hist_5 + $8
     where product_id = $1 returning product_id`,
    values,
  );
  if (updated.length > 0) return;
  await tx.rows(
    'review.rating-insert',
    `insert into "review"."product_rating" as pr (product_id, count, sum, hist_1, hist_2, hist_3, hist_4, hist_5)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (product_id) do update set count = pr.count + excluded.count, sum = pr.sum + excluded.sum,
       hist_1 = pr.hist_1 + excluded.hist_1, hist_2 = pr.hist_2 + excluded.hist_2, hist_3 = pr.hist_3 + excluded.hist_3,
       hist_4 = pr.hist_4 + excluded.hist_4, hist_5 = pr.hist_5 + excluded.hist_5`,
    values,
  );
}
