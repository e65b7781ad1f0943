import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../src/index.js';
import { authorize, openPaysim, post, SECRET, waitFor } from './support.js';

function validSignature(w: ReceivedWebhook): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(w.headers['paysim-signature'] ?? '');
  if (!match) return false;
  return (
    createHmac('sha256', SECRET)
      .update(`${match[1]}.${w.rawBody.toString('utf8')}`)
      .digest('hex') === match[2]
  );
}

describe('paysim webhooks', () => {
  let opened: Awaited<ReturnType<typeof openPaysim>>;
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    opened = await openPaysim();
  });
  let acknowledged = 0;
  afterEach(async () => {
    opened.sim.switches.duplicateWebhooks = false;
    opened.sim.switches.reorderWebhooks = false;
    opened.sim.switches.pauseWebhooks = false;
    // The simulator records a delivery just after the receiver answered: settle before the next test counts.
    acknowledged += receiver?.received.filter((w) => w.status < 300).length ?? 0;
    await waitFor(async () => (await opened.sim.deliveredWebhooks()) === acknowledged);
    await receiver?.stop();
  });
  afterAll(async () => {
    await opened?.close();
  });

  async function listen(respond?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
    receiver = await startWebhookReceiver(respond);
    opened.sim.setWebhookUrl(receiver.url);
    return receiver;
  }
  const about = (reference: string, type?: string) => (w: ReceivedWebhook) =>
    w.body.data.reference === reference && (!type || w.body.type === type);

  it('delivers a signed authorization.succeeded with the payment data', async () => {
    const r = await listen();
    const auth = await authorize(opened.sim, 'tok_visa', 'wh-signed', 'wh-signed');
    const webhook = await r.next(about('wh-signed'));
    expect(validSignature(webhook)).toBe(true);
    expect(webhook.body).toMatchObject({
      id: auth.body.eventId,
      type: 'authorization.succeeded',
      data: { pspReference: auth.body.pspReference, amount: '5000', currency: 'USD' },
    });
  });

  it('redelivers until the receiver answers 2xx', async () => {
    const r = await listen((_w, nth) => (nth === 1 ? 500 : 200));
    await authorize(opened.sim, 'tok_chargeDeclined', 'wh-retry', 'wh-retry');
    const first = await r.next(about('wh-retry'));
    await waitFor(() => r.received.filter((w) => w.body.id === first.body.id).length >= 2);
    const copies = r.received.filter((w) => w.body.id === first.body.id);
    expect(copies.map((w) => w.rawBody.toString())).toEqual([first.rawBody.toString(), first.rawBody.toString()]);
    expect(copies.every(validSignature)).toBe(true);
    expect(first.body).toMatchObject({ type: 'authorization.failed', data: { code: 'card_declined' } });
  });

  it('sends every webhook twice with the duplicate switch', async () => {
    const r = await listen();
    opened.sim.switches.duplicateWebhooks = true;
    const before = await opened.sim.deliveredWebhooks();
    const auth = await authorize(opened.sim, 'tok_visa', 'wh-dup', 'wh-dup');
    await waitFor(() => r.received.filter(about('wh-dup')).length >= 2);
    expect(r.received.filter(about('wh-dup')).map((w) => w.body.id)).toEqual([auth.body.eventId, auth.body.eventId]);
    await waitFor(async () => (await opened.sim.deliveredWebhooks()) - before >= 2);
    expect((await opened.sim.deliveredWebhooks()) - before).toBe(2);
  });

  it('holds webhooks while paused and sends a batch newest first with the reorder switch', async () => {
    const r = await listen();
    opened.sim.switches.pauseWebhooks = true;
    const auth = await authorize(opened.sim, 'tok_visa', 'wh-order', 'wh-order');
    await post(opened.sim, `/v1/payments/${auth.body.pspReference}/capture`, { amount: '5000' }, 'wh-order-c');
    opened.sim.switches.reorderWebhooks = true;
    opened.sim.switches.pauseWebhooks = false;
    await r.next(about('wh-order', 'authorization.succeeded'));
    expect(r.received.filter(about('wh-order')).map((w) => w.body.type)).toEqual(['capture.succeeded', 'authorization.succeeded']);
  });

  it('announces a 3-D Secure approval with authorization.succeeded', async () => {
    const r = await listen();
    const auth = await authorize(opened.sim, 'tok_threeDSecureRequired', 'wh-3ds', 'wh-3ds');
    expect(auth.body.status).toBe('requires_action');
    expect(r.received.filter(about('wh-3ds'))).toHaveLength(0);
    await post(opened.sim, `/paysim/3ds/${auth.body.pspReference}/approve`, {}, null);
    const webhook = await r.next(about('wh-3ds', 'authorization.succeeded'));
    expect(validSignature(webhook)).toBe(true);
    expect(webhook.body.data).toMatchObject({ pspReference: auth.body.pspReference, amount: '5000' });
  });

  it('announces an asynchronous capture and a failed refund later', async () => {
    const r = await listen();
    const capture = await authorize(opened.sim, 'tok_asyncCapture', 'wh-async', 'wh-async');
    await post(opened.sim, `/v1/payments/${capture.body.pspReference}/capture`, { amount: '5000' }, 'wh-async-c');
    expect((await r.next(about('wh-async', 'capture.succeeded'))).body.data.amount).toBe('5000');
    const refund = await authorize(opened.sim, 'tok_refundFails', 'wh-refund', 'wh-refund');
    await post(opened.sim, `/v1/payments/${refund.body.pspReference}/capture`, { amount: '5000' }, 'wh-refund-c');
    await post(opened.sim, `/v1/payments/${refund.body.pspReference}/refunds`, { amount: '2000' }, 'wh-refund-r');
    expect((await r.next(about('wh-refund', 'refund.failed'))).body.data).toMatchObject({ amount: '2000', code: 'refund_failed' });
  });
});
