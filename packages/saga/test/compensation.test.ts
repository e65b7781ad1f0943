import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBossBus } from '@shopgraph/events';
import { Registry } from 'prom-client';
import { failAfter, waitFor } from '../src/index.js';
import { capturingLogger, checkoutLike, engineFor, FakeRemote, freshArgs, openSagaDatabase, SCHEMA, stepRecords } from './support.js';

/** Going back: refusals, final failures, the pivot, deadlines, and compensations that fail. */
describe('saga compensation', () => {
  let orm: MikroORM;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, url, close } = await openSagaDatabase('saga_compensation'));
  });
  afterAll(async () => {
    await close?.();
  });

  it('compensates the earlier steps in reverse after a refusal, ends COMPENSATED and frees the business key', async () => {
    const remote = new FakeRemote();
    remote.answers.set('pay', () => ({ kind: 'refuse', code: 'PAYMENT_DECLINED', message: 'card declined' }));
    const engine = engineFor(orm, [checkoutLike()], remote);
    const args = freshArgs();
    const { run } = await engine.start('checkout', args);

    const done = await engine.drive(run.id);

    expect(done).toMatchObject({ status: 'COMPENSATED', error: { code: 'PAYMENT_DECLINED', message: 'card declined' } });
    expect(remote.calls.filter((call) => call.op === 'undo')).toEqual([
      { op: 'undo', step: 'b', key: `${run.id}:b:undo`, undo: { key: `${run.id}:b` } },
      { op: 'undo', step: 'a', key: `${run.id}:a:undo`, undo: { key: `${run.id}:a` } },
    ]);
    const next = await engine.start('checkout', { ...args, idempotencyKey: `${args.idempotencyKey}-2` });
    expect(next.created).toBe(true);
  });

  it.each(['a', 'b'])(
    'compensates everything up to %s, and the failed step with "nothing known", when the next step fails for good',
    async (stepId) => {
      const remote = new FakeRemote();
      const engine = engineFor(orm, [failAfter(checkoutLike(), stepId)], remote);
      const { run } = await engine.start('checkout', freshArgs());

      const done = await engine.drive(run.id);

      expect(done).toMatchObject({ status: 'COMPENSATED', error: { code: 'STEP_FAILED' } });
      const ran = ['a', 'b'].slice(0, ['a', 'b'].indexOf(stepId) + 1);
      const failed = ['a', 'b', 'pay'][ran.length]!;
      const expected = [failed, ...ran.toReversed()].map((step) => ({
        step,
        undo: step === failed ? undefined : { key: `${run.id}:${step}` },
      }));
      expect(remote.calls.filter((call) => call.op === 'undo').map(({ step, undo }) => ({ step, undo }))).toEqual(expected);
    },
  );

  it('never compensates after the pivot: a failing retriable step needs attention', async () => {
    const remote = new FakeRemote();
    remote.faults.set('ship', 100);
    const engine = engineFor(orm, [checkoutLike()], remote);
    const { run } = await engine.start('checkout', freshArgs());

    const done = await engine.drive(run.id);

    expect(done).toMatchObject({
      status: 'NEEDS_ATTENTION',
      phase: 'do',
      stepId: 'ship',
      error: { code: 'STEP_FAILED', message: 'ship is down' },
    });
    expect(remote.keysOf('do', 'ship')).toEqual(Array(3).fill(`${run.id}:ship`));
    expect(remote.calls.filter((call) => call.op === 'undo')).toEqual([]);
    expect((await engine.listStuck()).map((stuck) => stuck.id)).toContain(run.id);
  });

  it('compensates a parked run once its deadline passed', async () => {
    const remote = new FakeRemote();
    remote.answers.set('b', () => ({ kind: 'park', reason: 'awaiting 3-D Secure', deadline: new Date(Date.now() + 2_000) }));
    const engine = engineFor(orm, [checkoutLike()], remote, { sweepIntervalSeconds: 0.1 });
    const { run } = await engine.start('checkout', freshArgs());
    expect(await engine.drive(run.id)).toMatchObject({ status: 'AWAITING_ACTION', park: { reason: 'awaiting 3-D Secure' } });

    const stop = await engine.startBackground();
    try {
      await waitFor(async () => (await engine.get(run.id))?.status === 'COMPENSATED');
    } finally {
      await stop();
    }

    expect((await engine.get(run.id))?.error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    // The parked step is asked once more (same key) before giving up, then undone as "unknown", then a.
    expect(remote.keysOf('do', 'b')).toEqual([`${run.id}:b`, `${run.id}:b`]);
    expect(remote.calls.filter((call) => call.op === 'undo').map(({ step, undo }) => ({ step, undo }))).toEqual([
      { step: 'b', undo: undefined },
      { step: 'a', undo: { key: `${run.id}:a` } },
    ]);
  });

  it('dead-letters a compensation that keeps failing, counts and logs it once, and retry() finishes it after the fault clears', async () => {
    const bus = new PgBossBus({ url, schema: 'pgboss_saga_compensation', pollingIntervalSeconds: 0.5 });
    await bus.start();
    try {
      const remote = new FakeRemote();
      remote.answers.set('pay', () => ({ kind: 'refuse', code: 'PAYMENT_DECLINED', message: 'declined' }));
      remote.faults.set('a:undo', 3);
      const registry = new Registry();
      const { lines, logger } = capturingLogger();
      const engine = engineFor(orm, [checkoutLike('dead-letter')], remote, { bus, registry, logger });
      const args = freshArgs();
      const { run } = await engine.start('dead-letter', args);

      const stuck = await engine.drive(run.id);

      expect(stuck).toMatchObject({
        status: 'NEEDS_ATTENTION',
        phase: 'undo',
        stepId: 'a',
        error: { code: 'PAYMENT_DECLINED' },
        lastError: { message: 'a:undo is down' },
      });
      expect(remote.keysOf('undo', 'a')).toEqual(Array(3).fill(`${run.id}:a:undo`));
      expect(await bus.deadLetters(`${SCHEMA}.saga`)).toEqual([
        expect.objectContaining({
          runId: run.id,
          step: 'a',
          phase: 'undo',
          businessKey: args.businessKey,
          error: expect.objectContaining({ message: 'a:undo is down' }),
        }),
      ]);
      const failed = (await registry.getSingleMetric('saga_compensation_failed_total')!.get()).values;
      expect(failed).toEqual([expect.objectContaining({ value: 1, labels: { workflow: 'dead-letter', step: 'a' } })]);
      const errors = lines.filter((line) => line.level === 50);
      expect(errors).toEqual([
        expect.objectContaining({
          runId: run.id,
          step: 'a',
          businessKey: args.businessKey,
          cause: expect.objectContaining({ message: 'a:undo is down' }),
        }),
      ]);
      expect((await registry.getSingleMetric('saga_runs_stuck')!.get()).values).toContainEqual(
        expect.objectContaining({ value: 1, labels: { workflow: 'dead-letter' } }),
      );
      expect((await stepRecords(orm, run.id))['b:undo']).toMatchObject({ status: 'succeeded' });

      // The fault clears (faults.get('a:undo') is now 0): an admin retries.
      const retried = await engine.retry(run.id);

      expect(retried).toMatchObject({ status: 'COMPENSATED', error: { code: 'PAYMENT_DECLINED' }, lastError: null });
      expect(remote.keysOf('undo', 'a')).toEqual(Array(4).fill(`${run.id}:a:undo`));
      expect(remote.keysOf('undo', 'b')).toHaveLength(1);
      await expect(engine.retry(run.id)).rejects.toMatchObject({ code: 'RUN_NOT_STUCK' });
    } finally {
      await bus.stop();
    }
  });

  it('resolves a run by hand with a note', async () => {
    const remote = new FakeRemote();
    remote.faults.set('ship', 100);
    const engine = engineFor(orm, [checkoutLike()], remote);
    const { run } = await engine.start('checkout', freshArgs());
    await engine.drive(run.id);

    const resolved = await engine.resolve(run.id, 'shipped by hand, ticket 42');

    expect(resolved).toMatchObject({ status: 'COMPLETED', note: 'shipped by hand, ticket 42' });
    expect((await engine.listStuck()).map((stuck) => stuck.id)).not.toContain(run.id);
  });
});
