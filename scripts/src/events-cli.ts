/**
 * `npm run events -- dead-letters <consumer>` lists a consumer's dead letters;
 * `npm run events -- redrive <consumer>` sends them back to the consumer's queue.
 * Uses `DATABASE_URL`, or the embedded database that `npm start` runs; with `EVENT_TRANSPORT=nats`
 * a consumer's events are read from JetStream at `NATS_URL` (job queues' dead letters stay in pg-boss).
 */
import { commonEnv, loadConfigOrExit } from '@shopgraph/config';
import { createEventBus } from '@shopgraph/events';
import { createLogger } from '@shopgraph/observability';
import { resolveLocalDatabase } from '@shopgraph/subgraph';

const [command, consumer] = process.argv.slice(2);
if (!consumer || (command !== 'dead-letters' && command !== 'redrive')) {
  console.error('usage: npm run events -- dead-letters|redrive <consumer>');
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? (await resolveLocalDatabase(createLogger('events-cli', 'warn')));
const config = loadConfigOrExit(commonEnv);
// A one-shot command consumes nothing: no LISTEN connection needed.
const bus = createEventBus(config, { databaseUrl: url, pgBoss: { listenNotify: false } });
await bus.start();
let status = 0;
try {
  if (command === 'dead-letters') {
    const letters = await bus.deadLetters(consumer);
    for (const e of letters) console.log(JSON.stringify({ id: e.id, name: e.name, aggregateId: e.aggregateId, occurredAt: e.occurredAt }));
    console.log(`${letters.length} dead letter(s) for ${consumer}`);
  } else {
    console.log(`redrove ${await bus.redrive(consumer)} dead letter(s) of ${consumer}`);
  }
} catch (error) {
  if ((error as { code?: string }).code !== 'PGBOSS_QUEUE_NOT_FOUND') throw error;
  console.error(`no consumer named ${consumer} has subscribed on this database`);
  status = 1;
} finally {
  await bus.stop();
}
process.exit(status);
