import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { defineWorkflow, SagaError, type Step } from '../src/index.js';
import {
  checkoutLike,
  engineFor,
  FakeRemote,
  freshArgs,
  openSagaDatabase,
  remoteStep,
  SCHEMA,
  stepRecords,
  type Ports,
} from './support.js';

/** The forward walk: results, idempotency, concurrency, retries, local steps, deploy safety. */
describe('saga runner', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, close } = await openSagaDatabase('saga_runner'));
    await orm.em.fork().execute(`create table "${SCHEMA}"."thing" ("key" text primary key)`, [], 'run');
  });
  afterAll(async () => {
    await close?.();
  });

  it('walks every step to COMPLETED, each with its own persisted key, passing results along', async () => {
    const remote = new FakeRemote();
    const engine = engineFor(orm, [checkoutLike()], remote);
    const { run, created } = await engine.start('checkout', freshArgs());
    expect(created).toBe(true);

    const done = await engine.drive(run.id, { budgetMs: 10_000 });

    expect(done.status).toBe('COMPLETED');
    expect(remote.calls.map((call) => call.key)).toEqual(['a', 'b', 'pay', 'ship'].map((step) => `${run.id}:${step}`));
    expect(done.results.ship).toEqual({ key: `${run.id}:ship`, seen: ['a', 'b', 'pay'] });
    const records = await stepRecords(orm, run.id);
    expect(records['pay:do']).toEqual({ status: 'succeeded', key: `${run.id}:pay`, attempt: 1 });
    expect(Object.keys(records)).toHaveLength(4);
  });

  it('returns the same run for the same key, and refuses the key with another request', async () => {
    const engine = engineFor(orm, [checkoutLike()], new FakeRemote());
    const args = freshArgs();
    const first = await engine.start('checkout', args);
    const again = await engine.start('checkout', args);
    const otherKey = await engine.start('checkout', { ...args, idempotencyKey: `${args.idempotencyKey}-2`, requestHash: 'other' });

    expect(again).toEqual({ run: expect.objectContaining({ id: first.run.id }), created: false });
    expect(otherKey).toEqual({ run: expect.objectContaining({ id: first.run.id }), created: false });
    await expect(engine.start('checkout', { ...args, requestHash: 'other' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(engine.start('checkout', { ...args, requestHash: 'other' })).rejects.toBeInstanceOf(SagaError);
  });

  it('runs each step once for 10 parallel start+drive calls of one business key on two instances', async () => {
    const remote = new FakeRemote();
    const engines = [engineFor(orm, [checkoutLike()], remote), engineFor(orm, [checkoutLike()], remote)];
    const args = freshArgs();
    // The first step answers only once every caller has its run: all ten drives overlap the walk.
    let started = 0;
    let allStarted!: () => void;
    remote.holds.set('a', new Promise<void>((resolve) => (allStarted = resolve)));
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const { run } = await engines[i % 2]!.start('checkout', { ...args, idempotencyKey: `${args.idempotencyKey}-${i}` });
        if (++started === 10) allStarted();
        return engines[i % 2]!.drive(run.id, { budgetMs: 45_000 });
      }),
    );

    expect(new Set(results.map((run) => run.id)).size).toBe(1);
    expect(results.map((run) => run.status)).toEqual(Array(10).fill('COMPLETED'));
    const runId = results[0]!.id;
    expect(remote.calls.map((call) => call.key)).toEqual(['a', 'b', 'pay', 'ship'].map((step) => `${runId}:${step}`));
    const [{ n }] = await orm.em
      .fork()
      .execute<[{ n: string }]>(`select count(*) as n from "${SCHEMA}"."saga_run" where "business_key" = ?`, [args.businessKey]);
    expect(Number(n)).toBe(1);
  });

  it('retries a failing step with the same key until it succeeds', async () => {
    const remote = new FakeRemote();
    remote.faults.set('b', 2);
    const engine = engineFor(orm, [checkoutLike()], remote);
    const { run } = await engine.start('checkout', freshArgs());

    const done = await engine.drive(run.id, { budgetMs: 10_000 });

    expect(done.status).toBe('COMPLETED');
    expect(remote.keysOf('do', 'b')).toEqual(Array(3).fill(`${run.id}:b`));
    expect((await stepRecords(orm, run.id))['b:do']).toMatchObject({ status: 'succeeded', attempt: 3 });
  });

  it('commits a local step with its record, and rolls its writes back when it refuses', async () => {
    const local = (id: string, refuse: boolean): Step<Ports> => ({
      id,
      kind: 'compensable',
      local: true,
      retry: { max: 0, backoffMs: [] },
      async invoke(ctx) {
        await ctx.em!.execute(`insert into "${SCHEMA}"."thing" ("key") values (?)`, [ctx.key]);
        return refuse ? { kind: 'refuse', code: 'NO', message: 'refused after writing' } : { kind: 'done', output: ctx.key };
      },
    });
    const engine = engineFor(orm, [defineWorkflow('local', [local('write', false), local('refuse', true)])], new FakeRemote());
    const { run } = await engine.start('local', freshArgs());

    const done = await engine.drive(run.id);

    expect(done).toMatchObject({ status: 'COMPENSATED', error: { code: 'NO' }, results: { write: `${run.id}:write` } });
    const things = await orm.em
      .fork()
      .execute<Array<{ key: string }>>(`select "key" from "${SCHEMA}"."thing" where "key" like ?`, [`${run.id}:%`]);
    expect(things.map((thing) => thing.key)).toEqual([`${run.id}:write`]);
    expect((await stepRecords(orm, run.id))['write:do']).toMatchObject({ status: 'succeeded' });
  });

  it('resumes by step id after the workflow changed, and fails loudly on a step id it no longer has', async () => {
    const remote = new FakeRemote();
    remote.answers.set('b', () => ({ kind: 'park', reason: '3-D Secure', deadline: new Date(Date.now() + 60_000) }));
    const v1 = engineFor(orm, [checkoutLike('deploy')], remote);
    const parked = await v1.drive((await v1.start('deploy', freshArgs())).run.id);
    const gone = await v1.drive((await v1.start('deploy', freshArgs())).run.id);
    expect([parked.status, parked.stepId]).toEqual(['AWAITING_ACTION', 'b']);
    remote.answers.clear();

    // v2 inserted a step before b and renamed nothing else: the parked run goes on at b.
    const v2 = engineFor(
      orm,
      [defineWorkflow('deploy', [remoteStep('a'), remoteStep('new'), remoteStep('b'), remoteStep('pay', 'pivot')])],
      remote,
    );
    await v2.wake(parked.id);
    expect(await v2.drive(parked.id)).toMatchObject({ status: 'COMPLETED' });
    expect(remote.keysOf('do', 'new')).toEqual([]);

    // v3 dropped b.
    const v3 = engineFor(orm, [defineWorkflow('deploy', [remoteStep('a'), remoteStep('pay', 'pivot')])], remote);
    await v3.wake(gone.id);
    expect(await v3.drive(gone.id)).toMatchObject({ status: 'NEEDS_ATTENTION', error: { code: 'UNKNOWN_STEP' } });
  });

  it('rejects a workflow whose kinds are out of order', () => {
    expect(() => defineWorkflow('bad', [remoteStep('pay', 'pivot'), remoteStep('a')])).toThrow(
      expect.objectContaining({ code: 'INVALID_WORKFLOW' }),
    );
  });
});
