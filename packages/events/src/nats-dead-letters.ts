import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type StoredMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';

/** Headers the JetStream transport sets on dead letters and redriven events. */
export const NatsEventHeaders = {
  /** On a dead letter: the consumer it was dead-lettered for. */
  consumer: 'Shop-Consumer',
  /** On a dead letter: the event's subject in the events stream (where redrive publishes it again). */
  subject: 'Shop-Original-Subject',
  /** On a dead letter: the event's sequence in the events stream. */
  sequence: 'Shop-Stream-Seq',
  /** On a dead letter: why the last delivery failed. */
  error: 'Shop-Error',
  /** On a redriven event: the one consumer it is for (every other consumer of its partition skips it). */
  redriveFor: 'Shop-Redrive-For',
} as const;

/** A dead letter as stored: its sequence in the dead-letter stream and the original event. */
export interface StoredDeadLetter {
  seq: number;
  /** The event's subject in the events stream. */
  subject: string;
  /** The event's bytes (a JSON envelope), as published. */
  data: Uint8Array;
}

/**
 * The dead letters of the JetStream bus: a stream of their own (JetStream has none built in), one
 * subject per consumer, `<prefix>.dlq.<consumer token>`. Recording is idempotent per original
 * message (message id = consumer token + events-stream sequence), so the handler's final failure and
 * the max-deliveries advisory, or two instances hearing the same advisory, store it once.
 */
export class NatsDeadLetters {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    private readonly subjectPrefix: string,
  ) {}

  /** Creates the dead-letter stream if it is missing (kept until redriven: no age limit). */
  async ensureStream(config: Pick<StreamConfig, 'storage' | 'num_replicas' | 'duplicate_window'>): Promise<void> {
    await ensureStream(this.jsm, { ...config, name: this.stream, subjects: [`${this.subjectPrefix}.>`], allow_direct: true });
  }

  /** Stores the event `seq` of the events stream as a dead letter of the consumer `token`. */
  async record(
    token: string,
    consumer: string,
    original: { subject: string; seq: number; data: Uint8Array },
    error: string,
  ): Promise<void> {
    const h = headers();
    h.set(NatsEventHeaders.consumer, consumer);
    h.set(NatsEventHeaders.subject, original.subject);
    h.set(NatsEventHeaders.sequence, String(original.seq));
    // Header values are one line.
    h.set(NatsEventHeaders.error, error.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    await this.js.publish(this.subjectOf(token), original.data, { msgID: `${token}:${original.seq}`, headers: h });
  }

  /** The dead letters of the consumer `token`, oldest first. */
  async list(token: string): Promise<StoredDeadLetter[]> {
    const subject = this.subjectOf(token);
    const letters: StoredDeadLetter[] = [];
    for (let seq = 1; ;) {
      const stored: StoredMsg | null = await this.jsm.direct.getMessage(this.stream, { seq, next_by_subj: subject });
      if (!stored) return letters;
      letters.push({ seq: stored.seq, subject: stored.header.get(NatsEventHeaders.subject), data: stored.data });
      seq = stored.seq + 1;
    }
  }

  /** Removes the dead letter `seq` (once it was redriven). */
  async remove(seq: number): Promise<void> {
    await this.jsm.streams.deleteMessage(this.stream, seq);
  }

  /** How many dead letters the consumer `token` has. */
  async depth(token: string): Promise<number> {
    const subject = this.subjectOf(token);
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  private subjectOf(token: string): string {
    return `${this.subjectPrefix}.${token}`;
  }
}

/** Creates the stream `config.name` unless it exists (an existing stream keeps the operator's settings). */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    // Two instances starting together both get here; the same config makes the second add a no-op.
    await jsm.streams.add(config);
  }
}
