import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from './event.js';
import { schemaOf } from './tables.js';

/**
 * Applies an event at most once per consumer: in one transaction it claims (consumer, event id) in
 * the inbox and runs `fn` with the transactional EntityManager. Returns false for a duplicate.
 */
export async function handleOnce<Payload>(
  em: EntityManager,
  consumer: string,
  envelope: EventEnvelope<Payload>,
  fn: (tx: EntityManager) => Promise<void>,
  schema: string = schemaOf(em),
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const claimed = await tx.execute<{ event_id: string }[]>(
      `insert into "${schema}"."inbox" ("consumer", "event_id") values (?, ?) on conflict do nothing returning "event_id"`,
      [consumer, envelope.id],
    );
    if (claimed.length === 0) return false;
    await fn(tx);
    return true;
  });
}
