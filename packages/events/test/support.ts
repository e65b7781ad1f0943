import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormConfig } from '@shopgraph/db';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import pg from 'pg';
import { ensureEventTables, type EventBus, type EventEnvelope, type EventHandler, type PgBossBus, type RelayPass } from '../src/index.js';

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

/** A one-shot signal: `opened` resolves once `open()` was called. */
export class Latch {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
}

/** Records an OutboxRelay's passes: pass `onPass` to the relay, then wait on `reach`. */
export class PassLog {
  readonly passes: RelayPass[] = [];
  readonly onPass = (pass: RelayPass): void => {
    this.passes.push(pass);
  };
  /** Resolves once `count` passes have ended in all. */
  reach(count: number): Promise<void> {
    return waitFor(() => this.passes.length >= count);
  }
}

/** Resolves once no job of `queues` on `bus` is waiting or running: every delivery so far has settled. */
export function waitUntilSettled(bus: PgBossBus, queues: string[]): Promise<void> {
  return waitFor(async () => {
    const counts = await Promise.all(queues.map((queue) => bus.jobCounts(queue)));
    return counts.every(({ waiting, active }) => waiting === 0 && active === 0);
  });
}

/**
 * A LISTEN session on `channels` recording what it hears. `flush()` sends a NOTIFY of its own from
 * another session and waits for it: PostgreSQL delivers notifications in commit order, so whatever
 * was notified on those channels before the call has been heard by then (also by other listeners).
 */
export async function listenTo(url: string, channels: string[]) {
  const probe = 'test_probe';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: string[] = [];
  let probes = 0;
  client.on('notification', (n) => (n.channel === probe ? probes++ : heard.push(n.channel)));
  for (const channel of [...channels, probe]) await client.query(`listen "${channel}"`);
  return {
    heard,
    async flush(): Promise<void> {
      const expected = probes + 1;
      const sender = new pg.Client({ connectionString: url });
      await sender.connect();
      try {
        await sender.query(`notify "${probe}"`);
      } finally {
        await sender.end();
      }
      await waitFor(() => probes >= expected);
    },
    end: () => client.end(),
  };
}

/** Rows of SCHEMA.outbox. */
export async function outboxRows(em: EntityManager) {
  return em
    .fork()
    .execute<{ id: string; published_at: Date | null; attempts: number; failed: boolean }[]>(
      `select "id", "published_at", "attempts", "failed" from "${SCHEMA}"."outbox" order by "seq"`,
    );
}

/** A bus that only records what it is asked to publish, in order (for relay-only tests). */
export class RecordingBus implements EventBus {
  readonly published: EventEnvelope[] = [];
  /** Awaited before each publication: a test holds the relay mid-pass here (see `Latch`). */
  hold: () => Promise<void> = async () => undefined;
  /** `log` may be shared between buses to see one global publication order. */
  constructor(
    private readonly delayMs = 0,
    private readonly log: EventEnvelope[] = [],
  ) {}
  async publish(envelope: EventEnvelope): Promise<void> {
    await this.hold();
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
