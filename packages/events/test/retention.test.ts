import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { pruneEventTables } from '../src/index.js';
import { openEventsDatabase, SCHEMA } from './support.js';

/** Issue 8 (operations): the event tables do not grow for ever, and nothing pending is lost. */
describe('event table retention', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, close } = await openEventsDatabase());
  });
  afterAll(async () => {
    await close?.();
  });

  async function outbox(id: string, ageDays: number, state: 'published' | 'pending' | 'failed') {
    await orm.em.fork().execute(
      `insert into "${SCHEMA}"."outbox" ("id", "name", "version", "producer", "aggregate_id", "payload", "occurred_at", "published_at", "failed")
       values (?, 'test.event', 1, 'test', 'agg', '{}', now() - make_interval(days => ?), ?, ?)`,
      [id, ageDays, state === 'published' ? new Date(Date.now() - ageDays * 86_400_000) : null, state === 'failed'],
      'run',
    );
  }

  it('deletes published outbox rows and inbox rows past the retention, keeping recent, pending and failed ones', async () => {
    const ids = {
      oldPublished: '00000000-0000-4000-8000-000000000001',
      newPublished: '00000000-0000-4000-8000-000000000002',
      oldPending: '00000000-0000-4000-8000-000000000003',
      oldFailed: '00000000-0000-4000-8000-000000000004',
    };
    await outbox(ids.oldPublished, 8, 'published');
    await outbox(ids.newPublished, 1, 'published');
    await outbox(ids.oldPending, 30, 'pending');
    await outbox(ids.oldFailed, 30, 'failed');
    await orm.em.fork().execute(
      `insert into "${SCHEMA}"."inbox" ("consumer", "event_id", "processed_at") values
         ('c', ?, now() - interval '8 days'), ('c', ?, now() - interval '1 day')`,
      [ids.oldPublished, ids.newPublished],
      'run',
    );

    expect(await pruneEventTables(orm.em.fork(), SCHEMA, 7)).toEqual({ outbox: 1, inbox: 1 });

    const left = await orm.em.fork().execute<{ id: string }[]>(`select "id" from "${SCHEMA}"."outbox" order by "id"`);
    expect(left.map((r) => r.id)).toEqual([ids.newPublished, ids.oldPending, ids.oldFailed]);
    const inbox = await orm.em.fork().execute<{ event_id: string }[]>(`select "event_id" from "${SCHEMA}"."inbox"`);
    expect(inbox.map((r) => r.event_id)).toEqual([ids.newPublished]);
    // A second run has nothing left to do.
    expect(await pruneEventTables(orm.em.fork(), SCHEMA, 7)).toEqual({ outbox: 0, inbox: 0 });
  });

  it('refuses a retention shorter than a day', async () => {
    await expect(pruneEventTables(orm.em.fork(), SCHEMA, 0)).rejects.toThrow('at least one day');
  });
});
