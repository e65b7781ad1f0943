import { createEventBus, type PgBossBus } from '../src/index.js';
import { describeBusContract } from './contract/bus-contract.js';

/** Issue 21: the bus contract on the default transport, pg-boss (queues in the test database). */
describeBusContract('pg-boss', async ({ url, namespace, retryLimit, registry }) => {
  const bus = createEventBus(
    {},
    { databaseUrl: url, registry, pgBoss: { schema: `boss_${namespace}`, retryLimit, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 } },
  );
  await bus.start();
  return { bus, settled: (consumers) => settled(bus.jobs, consumers) };
});

/** Whether no job of `queues` is waiting or running. */
async function settled(boss: PgBossBus, queues: string[]): Promise<boolean> {
  const counts = await Promise.all(queues.map((queue) => boss.jobCounts(queue)));
  return counts.every(({ waiting, active }) => waiting === 0 && active === 0);
}
