import type { PreparedSql } from '@shopgraph/db';

/**
 * Keeps a provider's webhook once per (provider, event id); whether it is new. Providers deliver at
 * least once, so a repeat is expected and changes nothing.
 */
export async function keepProviderEvent(sql: PreparedSql, provider: string, eventId: string, payload: string): Promise<boolean> {
  const rows = await sql.rows<{ event_id: string }>(
    'order.provider-event-keep',
    `insert into "order"."payment_provider_event" (provider, event_id, payload, received_at) values ($1, $2, $3::jsonb, now())
     on conflict (provider, event_id) do nothing returning event_id`,
    [provider, eventId, payload],
  );
  return rows.length > 0;
}

/** Locks an unprocessed event for folding (in the caller's transaction); null when processed or taken elsewhere. */
export async function takeProviderEvent<Payload>(tx: PreparedSql<true>, provider: string, eventId: string): Promise<Payload | null> {
  const row = await tx.row<{ payload: Payload }>(
    'order.provider-event-take',
    `select payload from "order"."payment_provider_event" where provider = $1 and event_id = $2 and processed_at is null for update skip locked`,
    [provider, eventId],
  );
  return row?.payload ?? null;
}

/** Marks an event folded (in the transaction that folded it). */
export async function markProviderEventProcessed(tx: PreparedSql<true>, provider: string, eventId: string): Promise<void> {
  await tx.rows(
    'order.provider-event-processed',
    `update "order"."payment_provider_event" set processed_at = now() where provider = $1 and event_id = $2`,
    [provider, eventId],
  );
}

/** Events still unfolded after `olderThanSeconds` (their job was lost or keeps failing), oldest first. */
export function unprocessedProviderEvents(
  sql: PreparedSql,
  olderThanSeconds: number,
  limit = 100,
): Promise<{ provider: string; event_id: string }[]> {
  return sql.rows(
    'order.provider-events-unprocessed',
    `select provider, event_id from "order"."payment_provider_event"
      where processed_at is null and received_at < now() - make_interval(secs => $1) order by received_at limit $2`,
    [olderThanSeconds, limit],
  );
}
