import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { PgBossBus } from '../src/index.js';
import { waitFor } from './support.js';

/** Issue 8: delayed and recurring jobs through pg-boss, durable across restarts. */
describe('scheduled jobs', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase('events_jobs');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const newBus = async () => {
    const bus = new PgBossBus({ url: db.url, pollingIntervalSeconds: 0.5 });
    await bus.start();
    return bus;
  };

  it('runs a job scheduled for T+2s after T+2s, even when the scheduler restarted in between', async () => {
    const first = await newBus();
    const due = new Date(Date.now() + 2000);
    await first.scheduleAt('cart.expire', { cartId: 'c-1' }, due);
    await first.stop();

    const second = await newBus();
    try {
      const runs: Array<{ data: { cartId: string }; at: number }> = [];
      await second.work<{ cartId: string }>('cart.expire', async (data) => {
        runs.push({ data, at: Date.now() });
      });
      await waitFor(() => runs.length > 0, 15_000);
      expect(runs).toHaveLength(1);
      expect(runs[0]!.data).toEqual({ cartId: 'c-1' });
      expect(runs[0]!.at).toBeGreaterThanOrEqual(due.getTime());
    } finally {
      await second.stop();
    }
  });

  it('repeats a recurring job and keeps one chain across a restart', async () => {
    // Each run records how many runs wait in the queue: one chain means exactly one, the run it just
    // queued (another chain's run would wait there too), whatever the runs' timing.
    const waiting: number[] = [];
    const tick = (bus: PgBossBus) => async () => {
      waiting.push((await bus.jobCounts('stats.refresh')).waiting);
    };
    const first = await newBus();
    await first.every('stats.refresh', 1, tick(first));
    await waitFor(() => waiting.length >= 2, 15_000);
    await first.stop();

    const before = waiting.length;
    const second = await newBus();
    try {
      // Its own first run is queued again, as at every start: the queue keeps the one already waiting.
      await second.every('stats.refresh', 1, tick(second));
      await waitFor(() => waiting.length >= before + 3, 15_000);
    } finally {
      await second.stop();
    }
    expect(waiting.every((n) => n === 1)).toBe(true);
  });
});
