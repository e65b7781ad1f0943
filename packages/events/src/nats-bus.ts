import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  StorageType,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger, Registry } from '@shopgraph/observability';
import type { DeadLetterBus, EventHandler } from './bus.js';
import type { EventEnvelope } from './event.js';
import { eventMetrics, type EventMetrics, onScrape } from './metrics.js';
import { ensureStream, NatsDeadLetters, NatsEventHeaders } from './nats-dead-letters.js';

/** How the JetStream bus connects, names its streams and retries. */
export interface NatsJetStreamBusOptions {
  /** Server URL(s), comma-separated, e.g. `nats://127.0.0.1:4222` (`NATS_URL`). */
  url: string;
  /**
   * First subject token and stem of the stream names (default `shop`): events on
   * `<prefix>.evt.<partition>.<event name>` in stream `<PREFIX>_EVENTS`, dead letters on
   * `<prefix>.dlq.<consumer>` in `<PREFIX>_DLQ`. Tests isolate themselves with a prefix of their own.
   */
  prefix?: string;
  /**
   * Partitions of the events (default 16): an aggregate's events all go to partition
   * hash(aggregate id) mod this, and each consumer handles a partition one event at a time. Chosen
   * once: changing it moves aggregates between partitions.
   */
  partitions?: number;
  /** Retries of a failing delivery before it is dead-lettered (default 7: 8 deliveries). */
  retryLimit?: number;
  /** First retry delay in seconds (default 1); doubles with each retry. */
  retryDelaySeconds?: number;
  /** Upper bound of a retry delay in seconds (default 120). */
  retryDelayMaxSeconds?: number;
  /** How long a delivery may go without ack or sign of life before it is redelivered (default 30). */
  ackWaitSeconds?: number;
  /** Window in which a republished event id is dropped by the server (default 120). */
  duplicateWindowSeconds?: number;
  /** How long the events stream keeps events (default 7 days). */
  maxAgeSeconds?: number;
  /** Stream storage (default file). */
  storage?: 'file' | 'memory';
  /** Stream replicas (default 1; 3 in a cluster). */
  replicas?: number;
  /** How long `stop` waits for handlers in flight before closing (their events are then redelivered). */
  stopTimeoutMs?: number;
  registry?: Registry;
  logger?: Logger;
}

/** One subscribed consumer of this process. */
interface Subscriber {
  consumer: string;
  /** The consumer's name as a subject token and durable-name stem. */
  token: string;
  names: ReadonlySet<string>;
  handler: EventHandler;
}

/**
 * The EventBus on NATS JetStream (server 2.9 and later). The publisher partitions: an event goes to
 * `<prefix>.evt.<p>.<name>` with p = hash(aggregate id) mod `partitions` and its id as `Nats-Msg-Id`
 * (the server drops a republished id within the duplicate window). Each subscribed consumer has one
 * durable pull consumer per partition, filtered on `<prefix>.evt.<p>.>` (2.9 allows one filter subject),
 * with `max_ack_pending` 1: one event of a partition in flight across all instances, so each
 * aggregate's events are handled in order, also through retries; parallelism is the partition count.
 * A consumer acks at once the events of its partition it does not handle. A failing delivery is
 * nak'ed with exponential backoff; the last one is copied to the dead-letter stream and terminated,
 * and a delivery that never settles (a handler crashing its process every time) is copied there
 * from the server's max-deliveries advisory.
 */
export class NatsJetStreamBus implements DeadLetterBus {
  private readonly prefix: string;
  private readonly partitions: number;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly metrics: EventMetrics;
  private readonly eventsStream: string;
  private connection?: { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; deadLetters: NatsDeadLetters };
  /** This process's subscribers, by durable consumer name (consumer token + partition). */
  private readonly durables = new Map<string, Subscriber>();
  private readonly feeds: ConsumerMessages[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** The signs of life of the deliveries in flight (see `deliver`), cleared by `stop` for handlers that never return. */
  private readonly keepAlives = new Set<NodeJS.Timeout>();
  private readonly stopReading: Array<() => void> = [];
  private advisories?: Subscription;
  private stopping = false;

  constructor(private readonly options: NatsJetStreamBusOptions) {
    this.prefix = options.prefix ?? 'shop';
    if (!/^[A-Za-z0-9_-]+$/.test(this.prefix)) throw new Error(`Invalid NATS subject prefix "${this.prefix}"`);
    this.partitions = options.partitions ?? 16;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) throw new Error(`Invalid partitions ${this.partitions}`);
    this.maxDeliver = (options.retryLimit ?? 7) + 1;
    this.ackWaitMs = (options.ackWaitSeconds ?? 30) * 1000;
    this.eventsStream = `${this.prefix.toUpperCase()}_EVENTS`;
    this.metrics = eventMetrics(options.registry);
  }

  /** The partition of `aggregateId` among `partitions` (FNV-1a: the same in every process). */
  static partitionOf(aggregateId: string, partitions: number): number {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(aggregateId)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % partitions;
  }

  /**
   * `consumer` as one subject token and durable-name stem: letters, digits and `-` stay, any other
   * character becomes `_` and its hex code (`review.requests` → `review_2erequests`), so that no two
   * consumer names meet.
   */
  static consumerToken(consumer: string): string {
    if (consumer.length === 0) throw new Error('Empty consumer name');
    return consumer.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  }

  async start(): Promise<void> {
    if (this.connection) return;
    const nc = await connect({ servers: this.options.url.split(','), name: `shopgraph-events-${this.prefix}`, maxReconnectAttempts: -1 });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const storage = this.options.storage === 'memory' ? StorageType.Memory : StorageType.File;
    const common = {
      storage,
      num_replicas: this.options.replicas ?? 1,
      duplicate_window: nanos((this.options.duplicateWindowSeconds ?? 120) * 1000),
    };
    await ensureStream(jsm, {
      ...common,
      name: this.eventsStream,
      subjects: [`${this.prefix}.evt.>`],
      max_age: nanos((this.options.maxAgeSeconds ?? 7 * 24 * 3600) * 1000),
    });
    const deadLetters = new NatsDeadLetters(js, jsm, `${this.prefix.toUpperCase()}_DLQ`, `${this.prefix}.dlq`);
    await deadLetters.ensureStream(common);
    this.connection = { nc, js, jsm, deadLetters };
    // A delivery that reached max_deliver without being settled (its handler never returned): the
    // server only says so in this advisory, which carries the event's stream sequence.
    this.advisories = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.eventsStream}.*`, {
      callback: (error, msg) => {
        if (!error) void this.onMaxDeliveries(msg.json<{ consumer: string; stream_seq: number }>());
      },
    });
  }

  /** Stops fetching, waits up to `stopTimeoutMs` for handlers in flight, then closes the connection. */
  async stop(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.stopping) return;
    this.stopping = true;
    this.stopReading.forEach((stop) => stop());
    this.advisories?.unsubscribe();
    for (const feed of this.feeds) feed.stop();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopTimeoutMs ?? 5000)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    this.keepAlives.forEach((keepAlive) => clearInterval(keepAlive));
    // Deliveries still in flight stay unacknowledged: the server redelivers them after ack_wait.
    await connection.nc.close();
    this.connection = undefined;
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    const { js } = this.connected();
    await js.publish(this.subjectOf(envelope), JSON.stringify(envelope), { msgID: envelope.id });
  }

  /**
   * Publishes `envelopes` pipelined on the one connection (the server stores them in the order
   * sent, which keeps each aggregate's order) and resolves once every PubAck came back.
   */
  async publishBatch(envelopes: EventEnvelope[]): Promise<void> {
    await Promise.all(envelopes.map((envelope) => this.publish(envelope)));
  }

  async subscribe(consumer: string, names: string[], handler: EventHandler): Promise<void> {
    const { js, jsm } = this.connected();
    const token = NatsJetStreamBus.consumerToken(consumer);
    const subscriber: Subscriber = { consumer, token, names: new Set(names), handler };
    const settings: Partial<ConsumerConfig> = {
      ack_wait: nanos(this.ackWaitMs),
      max_deliver: this.maxDeliver,
      max_ack_pending: 1,
    };
    for (let partition = 0; partition < this.partitions; partition++) {
      const durable = `${token}-p${partition}`;
      try {
        await jsm.consumers.info(this.eventsStream, durable);
        await jsm.consumers.update(this.eventsStream, durable, settings);
      } catch (error) {
        if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)) throw error;
        // From now on, like a pg-boss queue created at subscription; later starts resume where it left off.
        await jsm.consumers.add(this.eventsStream, {
          ...settings,
          durable_name: durable,
          filter_subject: `${this.prefix}.evt.${partition}.>`,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.New,
        });
      }
      this.durables.set(durable, subscriber);
      const feed = await (await js.consumers.get(this.eventsStream, durable)).consume({ max_messages: 8 });
      this.feeds.push(feed);
      void (async () => {
        for await (const msg of feed) {
          const delivery = this.deliver(subscriber, msg);
          this.inFlight.add(delivery);
          await delivery.finally(() => this.inFlight.delete(delivery));
        }
      })().catch((error: unknown) => this.options.logger?.error({ err: error, consumer, durable }, 'event consumer stopped'));
    }
    const depthLabels = { consumer };
    this.stopReading.push(
      onScrape(this.metrics.deadLetterDepth, async () => {
        this.metrics.deadLetterDepth.set(depthLabels, await this.connected().deadLetters.depth(token));
      }),
    );
  }

  /** The events waiting in `consumer`'s dead letters, oldest first. */
  async deadLetters(consumer: string): Promise<EventEnvelope[]> {
    const letters = await this.connected().deadLetters.list(NatsJetStreamBus.consumerToken(consumer));
    return letters.map((letter) => JSON.parse(new TextDecoder().decode(letter.data)) as EventEnvelope);
  }

  /**
   * Publishes `consumer`'s dead letters to their partitions again, marked for `consumer` alone (the
   * other consumers skip them), then removes them; returns how many. Each republication has an id of
   * its own (a rerun after a crash in between is dropped as a duplicate within the window).
   */
  async redrive(consumer: string): Promise<number> {
    const { js, deadLetters } = this.connected();
    const letters = await deadLetters.list(NatsJetStreamBus.consumerToken(consumer));
    for (const letter of letters) {
      const h = headers();
      h.set(NatsEventHeaders.redriveFor, consumer);
      await js.publish(letter.subject, letter.data, { msgID: `redrive:${deadLetters.stream}:${letter.seq}`, headers: h });
      await deadLetters.remove(letter.seq);
    }
    return letters.length;
  }

  /**
   * `consumer`'s events not yet delivered (waiting) and delivered but not settled (active, also those
   * waiting out a retry delay), read from the server now: 0 and 0 once every delivery so far settled.
   */
  async pending(consumer: string): Promise<{ waiting: number; active: number }> {
    const { jsm } = this.connected();
    const token = NatsJetStreamBus.consumerToken(consumer);
    const infos = await Promise.all(
      Array.from({ length: this.partitions }, (_, partition) => jsm.consumers.info(this.eventsStream, `${token}-p${partition}`)),
    );
    return {
      waiting: infos.reduce((sum, info) => sum + info.num_pending, 0),
      active: infos.reduce((sum, info) => sum + info.num_ack_pending, 0),
    };
  }

  private async deliver(subscriber: Subscriber, msg: JsMsg): Promise<void> {
    // Left unacknowledged: another instance gets it after ack_wait.
    if (this.stopping) return;
    const redriveFor = msg.headers?.get(NatsEventHeaders.redriveFor);
    if (redriveFor && redriveFor !== subscriber.consumer) return this.settle(() => msg.ack());
    let envelope: EventEnvelope;
    try {
      envelope = msg.json<EventEnvelope>();
    } catch (error) {
      // No retry can parse it.
      this.metrics.deadLetters.inc({ consumer: subscriber.consumer });
      return this.deadLetter(subscriber, msg, error);
    }
    if (!subscriber.names.has(envelope.name)) return this.settle(() => msg.ack());
    // A long handler is not taken for a dead one: each sign of life restarts ack_wait.
    const alive = setInterval(() => this.settle(() => msg.working()), this.ackWaitMs / 3);
    this.keepAlives.add(alive);
    try {
      await subscriber.handler(envelope);
      this.settle(() => msg.ack());
    } catch (error) {
      const deliveries = msg.info.deliveryCount;
      const final = deliveries >= this.maxDeliver;
      (final ? this.metrics.deadLetters : this.metrics.retries).inc({ consumer: subscriber.consumer });
      this.options.logger?.warn(
        { err: error, consumer: subscriber.consumer, eventId: envelope.id, deliveries, final },
        'event handler failed',
      );
      if (final) await this.deadLetter(subscriber, msg, error);
      else this.settle(() => msg.nak(this.retryDelayMs(deliveries)));
    } finally {
      clearInterval(alive);
      this.keepAlives.delete(alive);
    }
  }

  /** Copies `msg` to the consumer's dead letters, then ends its deliveries. */
  private async deadLetter(subscriber: Subscriber, msg: JsMsg, error: unknown): Promise<void> {
    try {
      await this.connected().deadLetters.record(subscriber.token, subscriber.consumer, msg, errorMessage(error));
      this.settle(() => msg.term());
    } catch (recordError) {
      // Not terminated: redelivered, or past max_deliver caught by the advisory.
      this.options.logger?.error({ err: recordError, consumer: subscriber.consumer, seq: msg.seq }, 'dead letter not recorded');
    }
  }

  private async onMaxDeliveries(advisory: { consumer: string; stream_seq: number }): Promise<void> {
    const subscriber = this.durables.get(advisory.consumer);
    if (!subscriber || !this.connection) return;
    try {
      const { jsm, deadLetters } = this.connection;
      const stored = await jsm.streams.getMessage(this.eventsStream, { seq: advisory.stream_seq });
      if (!stored) throw new Error(`event ${advisory.stream_seq} is no longer in ${this.eventsStream}`);
      await deadLetters.record(
        subscriber.token,
        subscriber.consumer,
        { subject: stored.subject, seq: stored.seq, data: stored.data },
        `not settled after ${this.maxDeliver} deliveries`,
      );
      this.metrics.deadLetters.inc({ consumer: subscriber.consumer });
    } catch (error) {
      this.options.logger?.error({ err: error, consumer: subscriber.consumer, seq: advisory.stream_seq }, 'dead letter not recorded');
    }
  }

  /** Acks, naks or terms; after the connection closed there is nothing to tell (the server redelivers). */
  private settle(act: () => void): void {
    try {
      act();
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'event delivery not settled');
    }
  }

  private retryDelayMs(deliveries: number): number {
    const first = (this.options.retryDelaySeconds ?? 1) * 1000;
    return Math.min((this.options.retryDelayMaxSeconds ?? 120) * 1000, first * 2 ** (deliveries - 1));
  }

  private subjectOf(envelope: EventEnvelope): string {
    if (!/^[\w-]+(\.[\w-]+)*$/.test(envelope.name)) throw new Error(`Event name "${envelope.name}" is not a NATS subject`);
    return `${this.prefix}.evt.${NatsJetStreamBus.partitionOf(envelope.aggregateId, this.partitions)}.${envelope.name}`;
  }

  private connected() {
    if (!this.connection) throw new Error('NatsJetStreamBus is not started');
    return this.connection;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
