import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signatureHeader } from '@shopgraph/paysim';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';

/**
 * The payment provider's webhook route of the order subgraph: only a body signed with the shop's
 * secret, recently, is taken; anything else is refused with a clear status and stores nothing.
 */
describe('payment webhook route', () => {
  let stack: TestStack;
  let url: string;
  let secret: string;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    url = stack.subgraphs.order.url.replace('/graphql', '/webhooks/payments/paysim');
    secret = stack.subgraphs.order.runtime.config.PAYMENT_WEBHOOK_SECRET as string;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const stored = async () =>
    Number(
      (
        await stack.subgraphs.order.runtime.orm.em
          .fork()
          .execute<{ n: string }[]>('select count(*) as n from "order"."payment_provider_event"')
      )[0]!.n,
    );

  const event = (id: string) =>
    JSON.stringify({
      id,
      type: 'payment.captured',
      pspReference: 'psp_forged',
      reference: 'nobody',
      amount: { amountMinor: '100000', currency: 'VND' },
    });

  const post = (body: string, headers: Record<string, string>, target = url) =>
    fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it.each([
    ['no signature', () => ({})],
    ['a signature made with another secret', (body: string) => ({ 'paysim-signature': signatureHeader('not-the-shop-secret-000', body) })],
    ['a garbled signature header', () => ({ 'paysim-signature': 't=abc,v1=zz' })],
    [
      'a genuine signature older than five minutes (a replay)',
      (body: string) => ({ 'paysim-signature': signatureHeader(secret, body, Math.floor(Date.now() / 1000) - 600) }),
    ],
  ])('refuses a body with %s: 400 and nothing stored', async (_label, headers) => {
    const before = await stored();
    const body = event(`evt_forged_${Math.random().toString(36).slice(2)}`);
    const response = await post(body, headers(body));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error?: string }).error).toEqual(expect.any(String));
    expect(await stored()).toBe(before);
  });

  it('answers 404 for a provider the shop does not use', async () => {
    const body = event('evt_other_provider');
    const response = await post(body, { 'paysim-signature': signatureHeader(secret, body) }, url.replace('/paysim', '/stripe'));
    expect(response.status).toBe(404);
  });

  it('refuses a genuinely signed body that is not an event with 400, not a server error', async () => {
    const before = await stored();
    const body = '{"this is": "not an event"';
    const response = await post(body, { 'paysim-signature': signatureHeader(secret, body) });
    expect(response.status).toBe(400);
    expect(await stored()).toBe(before);
  });
});
