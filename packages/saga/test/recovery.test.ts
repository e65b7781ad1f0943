import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBossBus } from '@shopgraph/events';
import { defineWorkflow, waitFor, type Step, type StepOutcome } from '../src/index.js';
import { checkoutLike, engineFor, FakeRemote, freshArgs, openSagaDatabase, SCHEMA, stepRecords } from './support.js';

/** Module hooks that let a plain `node` child load the workspace's TypeScript sources (SWC, like Jest). */
const TS_HOOKS = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const { transformSync } = createRequire(${JSON.stringify(`${process.cwd()}/package.json`)})('@swc/core');
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), { filename, module: { type: 'es6' }, jsc: { target: 'es2023',
    parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false } } });
  return { format: 'module', source: code, shortCircuit: true };
}`;

/** Steps a, b, c, each appending its key to SCHEMA.effect: a ledger that outlives the process calling it. */
const crashSteps = (orm: MikroORM): Step<unknown>[] =>
  ['a', 'b', 'c'].map((id) => ({
    id,
    kind: 'compensable',
    retry: { max: 0, backoffMs: [] },
    async invoke(ctx) {
      await orm.em.fork().execute(`insert into "${SCHEMA}"."effect" ("key") values (?)`, [ctx.key]);
      return { kind: 'done', output: id };
    },
  }));

/** The doomed instance: starts and drives one run until SAGA_CRASH_AT kills it. */
const CHILD = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(TS_HOOKS)}));
const { MikroORM } = await import('@mikro-orm/postgresql');
const { ormConfig } = await import('@shopgraph/db');
const { createLogger } = await import('@shopgraph/observability');
const { SagaEngine, defineWorkflow } = await import('@shopgraph/saga');
const orm = await MikroORM.init({ ...ormConfig({ url: process.env.SAGA_DB_URL, schema: '${SCHEMA}', entities: [], migrations: [] }), discovery: { warnWhenNoEntities: false } });
// The same steps as crashSteps.
const workflow = defineWorkflow('crash', ['a', 'b', 'c'].map((id) => ({ id, kind: 'compensable', retry: { max: 0, backoffMs: [] },
  async invoke(ctx) {
    await orm.em.fork().execute('insert into "${SCHEMA}"."effect" ("key") values (?)', [ctx.key]);
    return { kind: 'done', output: id };
  } })));
const engine = new SagaEngine({ orm, schema: '${SCHEMA}', workflows: [workflow], ports: {}, logger: createLogger('doomed', 'silent'), leaseMs: 500, instanceId: 'doomed' });
const { run } = await engine.start('crash', JSON.parse(process.env.SAGA_ARGS));
await engine.drive(run.id);
await orm.close();`;

/** Runs CHILD with `env`; resolves with the signal that ended it (null: it exited). */
function runChild(env: Record<string, string>): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--input-type=module', '-e', CHILD], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

/** Going on without the caller: wake-ups, lease takeover, and the pg-boss background driver. */
describe('saga recovery', () => {
  let orm: MikroORM;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, url, close } = await openSagaDatabase('saga_recovery'));
    await orm.em.fork().execute(`create table "${SCHEMA}"."effect" ("key" text not null)`, [], 'run');
  });
  afterAll(async () => {
    await close?.();
  });

  it('resumes a parked run when woken, invoking the parked step again with the same key', async () => {
    const remote = new FakeRemote();
    remote.answers.set('b', () => ({
      kind: 'park',
      reason: 'awaiting 3-D Secure',
      deadline: new Date(Date.now() + 60_000),
      details: { url: 'https://3ds' },
    }));
    const engine = engineFor(orm, [checkoutLike()], remote);
    const stop = await engine.startBackground();
    try {
      const { run } = await engine.start('checkout', freshArgs());
      const parked = await engine.drive(run.id, { budgetMs: 5_000 });
      expect(parked).toMatchObject({
        status: 'AWAITING_ACTION',
        stepId: 'b',
        park: { reason: 'awaiting 3-D Secure', details: { url: 'https://3ds' } },
      });

      remote.answers.clear();
      await engine.wake(run.id);
      await waitFor(async () => (await engine.get(run.id))?.status === 'COMPLETED');

      expect(remote.keysOf('do', 'b')).toEqual([`${run.id}:b`, `${run.id}:b`]);
      expect(remote.keysOf('do', 'a')).toHaveLength(1);
      expect((await engine.get(run.id))?.park).toBeNull();
    } finally {
      await stop();
    }
  });

  it('does not lose a wake-up that arrives while the step is still deciding to park', async () => {
    const remote = new FakeRemote();
    const engine = engineFor(orm, [checkoutLike()], remote);
    let runId = '';
    let calls = 0;
    // The news the step waits for lands (and wakes the run) before the step's park is committed.
    remote.answers.set('b', () => {
      calls += 1;
      if (calls > 1) return { kind: 'done', output: 'b' };
      return engine
        .wake(runId)
        .then((): StepOutcome => ({ kind: 'park', reason: 'capture pending', deadline: new Date(Date.now() + 60_000) }));
    });
    const { run } = await engine.start('checkout', freshArgs());
    runId = run.id;
    const settled = await engine.drive(run.id, { budgetMs: 10_000 });
    expect(settled.status).toBe('COMPLETED');
    expect(remote.keysOf('do', 'b')).toEqual([`${run.id}:b`, `${run.id}:b`]);
  });

  it('lets another instance take over a run whose walker stopped mid-step, re-invoking that step with its key', async () => {
    const stalled = new FakeRemote();
    let release!: () => void;
    stalled.holds.set('b', new Promise<void>((resolve) => (release = resolve)));
    const arrived = stalled.arrived('b');
    const dying = engineFor(orm, [checkoutLike()], stalled, { instanceId: 'dying', leaseMs: 300 });
    const { run } = await dying.start('checkout', freshArgs());
    const abandoned = dying.drive(run.id);
    await arrived;
    expect((await stepRecords(orm, run.id))['b:do']).toMatchObject({ status: 'started', attempt: 1 });

    const healthy = new FakeRemote();
    const survivor = engineFor(orm, [checkoutLike()], healthy, { instanceId: 'survivor', sweepIntervalSeconds: 0.1 });
    const stop = await survivor.startBackground();
    try {
      await waitFor(async () => (await survivor.get(run.id))?.status === 'COMPLETED');
    } finally {
      await stop();
    }

    expect(stalled.keysOf('do', 'b')).toEqual([`${run.id}:b`]);
    expect(healthy.keysOf('do', 'b')).toEqual([`${run.id}:b`]);
    expect(healthy.keysOf('do', 'a')).toEqual([]);
    expect((await stepRecords(orm, run.id))['b:do']).toMatchObject({ status: 'succeeded', attempt: 2 });
    // The old walker wakes up to a run it no longer holds: it records nothing and walks no further.
    release();
    expect(await abandoned).toMatchObject({ status: 'COMPLETED' });
    expect(stalled.keysOf('do', 'pay')).toEqual([]);
  });

  it('hands a run out of budget to the pg-boss background driver, which completes it', async () => {
    const bus = new PgBossBus({ url, schema: 'pgboss_saga_recovery', pollingIntervalSeconds: 0.5 });
    await bus.start();
    const remote = new FakeRemote();
    const engine = engineFor(orm, [checkoutLike('background')], remote, { bus, sweepIntervalSeconds: 1 });
    const stop = await engine.startBackground();
    try {
      const { run } = await engine.start('background', freshArgs());
      const inline = await engine.drive(run.id, { budgetMs: 0 });
      expect(inline).toMatchObject({ status: 'RUNNING', stepId: 'a' });

      await waitFor(async () => (await engine.get(run.id))?.status === 'COMPLETED');

      expect(remote.calls.map((call) => call.key)).toEqual(['a', 'b', 'pay', 'ship'].map((step) => `${run.id}:${step}`));
    } finally {
      await stop();
      await bus.stop();
    }
  });

  it.each([
    ['before', 1, 2],
    ['after-effect', 2, 2],
    ['after-record', 1, 1],
  ])(
    'completes a run whose process was SIGKILLed at b:%s, on another instance, each effect under its one key',
    async (point, bCalls, bAttempt) => {
      const args = freshArgs();
      const signal = await runChild({ NODE_ENV: 'test', SAGA_CRASH_AT: `b:${point}`, SAGA_DB_URL: url, SAGA_ARGS: JSON.stringify(args) });
      expect(signal).toBe('SIGKILL');
      const [row] = await orm.em
        .fork()
        .execute<Array<{ id: string }>>(`select "id" from "${SCHEMA}"."saga_run" where "business_key" = ?`, [args.businessKey]);
      const runId = row!.id;

      const heir = engineFor(orm, [defineWorkflow('crash', crashSteps(orm))], new FakeRemote(), {
        instanceId: 'heir',
        sweepIntervalSeconds: 0.1,
      });
      const stop = await heir.startBackground();
      try {
        await waitFor(async () => (await heir.get(runId))?.status === 'COMPLETED');
      } finally {
        await stop();
      }

      const effects = await orm.em
        .fork()
        .execute<Array<{ key: string }>>(`select "key" from "${SCHEMA}"."effect" where "key" like ?`, [`${runId}:%`]);
      const calls = (step: string) => effects.filter((effect) => effect.key === `${runId}:${step}`).length;
      expect([calls('a'), calls('b'), calls('c')]).toEqual([1, bCalls, 1]);
      expect((await stepRecords(orm, runId))['b:do']).toMatchObject({ status: 'succeeded', key: `${runId}:b`, attempt: bAttempt });
    },
  );
});
