import { randomUUID } from 'node:crypto';

/** A typed event kind: its name and schema version; the payload type rides along for inference. */
export interface EventDescriptor<Payload> {
  readonly name: string;
  readonly version: number;
  /** Type-only marker carrying the payload type; never set at runtime. */
  readonly __payload?: Payload;
}

/** An event as it travels: what happened, to which aggregate, when, produced by which subgraph. */
export interface EventEnvelope<Payload = unknown> {
  id: string;
  name: string;
  version: number;
  producer: string;
  aggregateId: string;
  /** ISO-8601 timestamp. */
  occurredAt: string;
  requestId?: string;
  payload: Payload;
}

/** Declares an event kind, e.g. `defineEvent<{ orderId: string }>('order.created', 1)`. */
export function defineEvent<Payload>(name: string, version: number): EventDescriptor<Payload> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Invalid event name "${name}"`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`Invalid event version ${version}`);
  return Object.freeze({ name, version });
}

/** What the producer states about one occurrence of an event. */
export interface EventFacts<Payload> {
  producer: string;
  aggregateId: string;
  payload: Payload;
  requestId?: string;
}

/** Builds a fresh envelope (new id, now) for one occurrence of `descriptor`. */
export function createEnvelope<Payload>(descriptor: EventDescriptor<Payload>, facts: EventFacts<Payload>): EventEnvelope<Payload> {
  return {
    id: randomUUID(),
    name: descriptor.name,
    version: descriptor.version,
    producer: facts.producer,
    aggregateId: facts.aggregateId,
    occurredAt: new Date().toISOString(),
    ...(facts.requestId ? { requestId: facts.requestId } : {}),
    payload: facts.payload,
  };
}

/** Whether `envelope` is an occurrence of `descriptor` (narrows the payload type). */
export function isEvent<Payload>(envelope: EventEnvelope, descriptor: EventDescriptor<Payload>): envelope is EventEnvelope<Payload> {
  return envelope.name === descriptor.name && envelope.version === descriptor.version;
}
