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
    const ticks: number[] = [];
    const tick = async () => {
      ticks.push(Date.now());
    };
    const first = await newBus();
    await first.every('stats.refresh', 1, tick);
    await waitFor(() => ticks.length >= 2, 15_000);
    await first.stop();

    const before = ticks.length;
    const second = await newBus();
    try {
      await second.every('stats.refresh', 1, tick);
      await waitFor(() => ticks.length >= before + 3, 15_000);
    } finally {
      await second.stop();
    }
    // One chain: consecutive runs are about a second apart, never two at once.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });
});
