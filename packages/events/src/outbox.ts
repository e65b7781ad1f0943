import type { EntityManager } from '@mikro-orm/postgresql';
import { currentRequestId } from '@shopgraph/observability';
import { createEnvelope, type EventDescriptor, type EventEnvelope } from './event.js';
import { outboxChannel, schemaOf } from './tables.js';

/** One occurrence to record in the outbox. */
export interface RecordEventInput<Payload> {
  aggregateId: string;
  payload: Payload;
  /** Defaults to the request id bound to the current async scope. */
  requestId?: string;
  /** Defaults to the EntityManager's schema. */
  schema?: string;
  /** Defaults to the schema name (one schema per subgraph). */
  producer?: string;
}

/**
 * Writes an event into the outbox through `em`, which should be the transactional EntityManager of
 * the state change: the row and its NOTIFY only take effect if that transaction commits.
 */
export async function recordEvent<Payload>(
  em: EntityManager,
  descriptor: EventDescriptor<Payload>,
  input: RecordEventInput<Payload>,
): Promise<EventEnvelope<Payload>> {
  const schema = input.schema ?? schemaOf(em);
  const envelope = createEnvelope(descriptor, {
    producer: input.producer ?? schema,
    aggregateId: input.aggregateId,
    payload: input.payload,
    requestId: input.requestId ?? currentRequestId(),
  });
  // The database clock stamps occurred_at so that the relay's ordering does not depend on app clocks.
  // The row and the NOTIFY that wakes the relay go in one statement; pg_notify, like NOTIFY, is only
  // delivered if the transaction commits.
  const [row] = await em.execute<{ occurred_at: Date | string }[]>(
    `with "recorded" as (
       insert into "${schema}"."outbox" ("id", "name", "version", "producer", "aggregate_id", "payload", "request_id", "occurred_at")
       values (?, ?, ?, ?, ?, ?::jsonb, ?, clock_timestamp()) returning "occurred_at"
     )
     select "recorded"."occurred_at" from "recorded", (select pg_notify(?, '')) as "woken"`,
    [
      envelope.id,
      envelope.name,
      envelope.version,
      envelope.producer,
      envelope.aggregateId,
      JSON.stringify(envelope.payload),
      envelope.requestId ?? null,
      outboxChannel(schema),
    ],
  );
  envelope.occurredAt = new Date(row!.occurred_at).toISOString();
  return envelope;
}
