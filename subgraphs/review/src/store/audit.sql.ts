import type { TxSql } from '@shopgraph/db';

/** The one access path of the moderation log (`moderation_entry`) and the rate-limit log (`customer_action`). */

/** One moderation decision, edit, deletion or reply. */
export interface ModerationLogEntry {
  reviewId: string;
  actor: 'author' | 'system' | 'staff';
  actorId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  note?: string | null;
}

/** Appends entries to the moderation log, in one statement. */
export async function logModeration(tx: TxSql, entries: readonly ModerationLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.rows(
    'review.log-moderation',
    `insert into "review"."moderation_entry" (id, review_id, actor, actor_id, from_status, to_status, reason, note, created_at)
     select gen_random_uuid(), e.review_id, e.actor, e.actor_id, e.from_status, e.to_status, e.reason, e.note, clock_timestamp()
     from json_to_recordset($1::json) as e(review_id uuid, actor text, actor_id text, from_status text, to_status text, reason text, note text)`,
    [
      JSON.stringify(
        entries.map((e) => ({
          review_id: e.reviewId,
          actor: e.actor,
          actor_id: e.actorId,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          reason: e.reason,
          note: e.note ?? null,
        })),
      ),
    ],
  );
}

/**
 * The times of a customer's `action`s within the last `windowSeconds`, after taking the
 * customer's lock for that action until the transaction ends: concurrent requests of one
 * customer are counted one after the other, so a burst cannot slip past the limit.
 */
export async function lockRecentActions(tx: TxSql, customerId: string, action: string, windowSeconds: number): Promise<Date[]> {
  await tx.rows('review.action-lock', `select pg_advisory_xact_lock(hashtext('review.action:' || $1 || ':' || $2))`, [customerId, action]);
  const rows = await tx.rows<{ occurred_at: Date }>(
    'review.actions-recent',
    `select occurred_at from "review"."customer_action"
     where customer_id = $1 and action = $2 and occurred_at > now() - make_interval(secs => $3)`,
    [customerId, action, windowSeconds],
  );
  return rows.map((r) => new Date(r.occurred_at));
}

/** Records one action of a customer. */
export async function recordAction(tx: TxSql, customerId: string, action: string): Promise<void> {
  await tx.rows(
    'review.action-record',
    `insert into "review"."customer_action" (id, customer_id, action, occurred_at) values (gen_random_uuid(), $1, $2, now())`,
    [customerId, action],
  );
}
