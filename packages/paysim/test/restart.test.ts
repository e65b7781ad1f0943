import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { startPaysim, startWebhookReceiver, type PaysimHandle, type WebhookReceiver } from '../src/index.js';
import { authorize, held, SECRET } from './support.js';

/** The simulator's state lives in PostgreSQL: a new process on the same database carries on. */
describe('paysim restart', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let second: PaysimHandle | undefined;
  beforeAll(async () => {
    db = await freshDatabase('paysim_restart');
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await second?.stop();
    await receiver?.stop();
    await db?.drop();
  });

  it('replays stored answers and delivers webhooks queued before the stop', async () => {
    const first = await startPaysim({ databaseUrl: db.url, webhookSecret: SECRET, webhookUrl: receiver.url });
    first.switches.pauseWebhooks = true;
    const before = await authorize(first, 'tok_visa', 'order-restart', 'key-restart');
    await first.stop();
    expect(receiver.received).toHaveLength(0);

    second = await startPaysim({ databaseUrl: db.url, webhookSecret: SECRET, webhookUrl: receiver.url });
    const webhook = await receiver.next((w) => w.body.data.reference === 'order-restart');
    expect(webhook.body).toMatchObject({ id: before.body.eventId, type: 'authorization.succeeded' });
    expect(await authorize(second, 'tok_visa', 'order-restart', 'key-restart')).toEqual(before);
    expect(await held(second, 'order-restart')).toHaveLength(1);
  });
});
