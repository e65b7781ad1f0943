import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormConfig } from '@shopgraph/db';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { ensureEventTables, type EventBus, type EventEnvelope, type EventHandler } from '../src/index.js';

export const SCHEMA = 'shop';

/** A fresh database with the event tables in SCHEMA and an ORM on it. */
export async function openEventsDatabase(): Promise<{ db: TestDatabase; orm: MikroORM; close(): Promise<void> }> {
  const db = await freshDatabase('events');
  const orm = await MikroORM.init({
    ...ormConfig({ url: db.url, schema: SCHEMA, entities: [], migrations: [] }),
    discovery: { warnWhenNoEntities: false },
  });
  await ensureEventTables(orm.em.fork(), SCHEMA);
  return {
    db,
    orm,
    close: async () => {
      await orm.close(true);
      await db.drop();
    },
  };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rows of SCHEMA.outbox. */
export async function outboxRows(em: EntityManager) {
  return em.fork().execute<{ id: string; published_at: Date | null; attempts: number; failed: boolean }[]>(
    `select "id", "published_at", "attempts", "failed" from "${SCHEMA}"."outbox" order by "seq"`,
  );
}

/** A bus that only records what it is asked to publish, in order (for relay-only tests). */
export class RecordingBus implements EventBus {
  readonly published: EventEnvelope[] = [];
  /** `log` may be shared between buses to see one global publication order. */
  constructor(
    private readonly delayMs = 0,
    private readonly log: EventEnvelope[] = [],
  ) {}
  async publish(envelope: EventEnvelope): Promise<void> {
    if (this.delayMs) await sleep(this.delayMs);
    this.published.push(envelope);
    this.log.push(envelope);
  }
  async subscribe(_consumer: string, _names: string[], _handler: EventHandler): Promise<void> {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** A RecordingBus with the batch fast path: records each `publishBatch` call as well. */
export class RecordingBatchBus extends RecordingBus {
  readonly batches: EventEnvelope[][] = [];
  /** Makes `publishBatch` reject (after recording nothing) while it returns true. */
  refuseBatches = () => false;
  /** Makes `publish` reject for the envelopes it returns true for. */
  refuse: (envelope: EventEnvelope) => boolean = () => false;
  async publishBatch(envelopes: EventEnvelope[]): Promise<void> {
    if (this.refuseBatches()) throw new Error('batch refused');
    this.batches.push(envelopes);
    for (const envelope of envelopes) await super.publish(envelope);
  }
  override async publish(envelope: EventEnvelope): Promise<void> {
    if (this.refuse(envelope)) throw new Error(`refused ${envelope.aggregateId}`);
    await super.publish(envelope);
  }
}
