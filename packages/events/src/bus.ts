import type { EventEnvelope } from './event.js';

/** Handles one delivered event; a rejection asks the bus to retry it. */
export type EventHandler = (envelope: EventEnvelope) => Promise<void>;

/** Transport-neutral event bus: at-least-once delivery to every subscribed consumer. */
export interface EventBus {
  /** Delivers `envelope` to every consumer subscribed to its name. */
  publish(envelope: EventEnvelope): Promise<void>;
  /**
   * Optional: delivers several events at once, keeping their order per aggregate (the relay's fast
   * path). A rejection may leave some of them published; the caller publishes them again
   * (at-least-once, like `publish`). Buses without it get one `publish` per event.
   */
  publishBatch?(envelopes: EventEnvelope[]): Promise<void>;
  /** Subscribes `consumer` (a durable, named subscription) to events `names`. */
  subscribe(consumer: string, names: string[], handler: EventHandler): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An EventBus whose consumers' dead letters can be read and sent back after a fix, whatever the
 * transport (what `npm run events -- dead-letters | redrive` uses).
 */
export interface DeadLetterBus extends EventBus {
  /** The events waiting in `consumer`'s dead letters. */
  deadLetters(consumer: string): Promise<EventEnvelope[]>;
  /** Delivers `consumer`'s dead letters to it again (to it alone); returns how many. */
  redrive(consumer: string): Promise<number>;
}
