import type { EntityManager } from '@mikro-orm/postgresql';
import { assertSchemaName } from './tables.js';

/** Rows deleted per statement, so pruning never holds long locks on a busy outbox. */
const PRUNE_BATCH = 5_000;

/** What one pruning run removed. */
export interface PruneResult {
  outbox: number;
  inbox: number;
}

async function deleteInBatches(em: EntityManager, sql: string, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await em.execute<{ n: string }[]>(sql, [days, PRUNE_BATCH]);
    const n = Number(deleted[0]?.n ?? 0);
    total += n;
    if (n < PRUNE_BATCH) return total;
  }
}

/**
 * Deletes what the event tables of `schema` no longer need after `days` days: outbox rows already
 * published, and inbox rows (redeliveries come within minutes of the first delivery, after a crash
 * between commit and acknowledgement, so a week of inbox keeps "applied once" safe). Unpublished
 * and failed outbox rows are never deleted: they wait for the relay or an operator.
 */
export async function pruneEventTables(em: EntityManager, schema: string, days: number): Promise<PruneResult> {
  if (!Number.isFinite(days) || days < 1) throw new Error(`Event retention must be at least one day, got ${days}`);
  const s = assertSchemaName(schema);
  const outbox = await deleteInBatches(
    em,
    `with gone as (delete from "${s}"."outbox" where "id" in (
       select "id" from "${s}"."outbox" where "published_at" < now() - make_interval(days => ?) limit ?
     ) returning 1) select count(*) as n from gone`,
    days,
  );
  const inbox = await deleteInBatches(
    em,
    `with gone as (delete from "${s}"."inbox" where ("consumer", "event_id") in (
       select "consumer", "event_id" from "${s}"."inbox" where "processed_at" < now() - make_interval(days => ?) limit ?
     ) returning 1) select count(*) as n from gone`,
    days,
  );
  return { outbox, inbox };
}
