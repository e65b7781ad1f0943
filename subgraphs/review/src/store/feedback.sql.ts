import type { TxSql } from '@shopgraph/db';

/**
 * The one access path of shoppers' feedback on reviews (tables `helpful_vote` and
 * `review_report`, one row per customer and review by their primary keys).
 */

/** Records a helpful vote; false when this customer already voted for this review. */
export async function insertVote(tx: TxSql, reviewId: string, customerId: string): Promise<boolean> {
  const rows = await tx.rows(
    'review.vote-insert',
    `insert into "review"."helpful_vote" (review_id, customer_id, created_at) values ($1, $2, now())
     on conflict do nothing returning review_id`,
    [reviewId, customerId],
  );
  return rows.length === 1;
}

/** Records a report; false when this customer already reported this review. */
export async function insertReport(tx: TxSql, reviewId: string, customerId: string, reason: string, note: string | null): Promise<boolean> {
  const rows = await tx.rows(
    'review.report-insert',
    `insert into "review"."review_report" (review_id, customer_id, reason, note, created_at) values ($1, $2, $3, $4, now())
     on conflict do nothing returning review_id`,
    [reviewId, customerId, reason, note],
  );
  return rows.length === 1;
}
