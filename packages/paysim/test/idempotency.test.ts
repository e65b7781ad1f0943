import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authorize, held, openPaysim, post } from './support.js';

describe('paysim idempotency and guards', () => {
  let opened: Awaited<ReturnType<typeof openPaysim>>;
  beforeAll(async () => {
    opened = await openPaysim();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('replays the stored answer for the same key and body, without a second authorization', async () => {
    const first = await authorize(opened.sim, 'tok_visa', 'order-replay', 'key-replay');
    const second = await authorize(opened.sim, 'tok_visa', 'order-replay', 'key-replay');
    expect(second).toEqual(first);
    expect(await held(opened.sim, 'order-replay')).toHaveLength(1);
  });

  it('replays a stored failure too', async () => {
    const first = await authorize(opened.sim, 'tok_chargeDeclined', 'order-declined', 'key-declined');
    expect(first.status).toBe(402);
    expect(await authorize(opened.sim, 'tok_chargeDeclined', 'order-declined', 'key-declined')).toEqual(first);
    expect(await held(opened.sim, 'order-declined')).toHaveLength(1);
  });

  it('answers 409 idempotency_key_reused for the same key with another body, changing nothing', async () => {
    await authorize(opened.sim, 'tok_visa', 'order-reuse', 'key-reuse', '1000');
    const reused = await authorize(opened.sim, 'tok_visa', 'order-reuse', 'key-reuse', '2000');
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } });
    expect((await held(opened.sim, 'order-reuse')).map((p) => p.authorized)).toEqual(['1000']);
  });

  it('keys per endpoint: one key may serve an authorize and a capture', async () => {
    const auth = await authorize(opened.sim, 'tok_visa', 'order-endpoint', 'shared-key');
    const captured = await post(opened.sim, `/v1/payments/${auth.body.pspReference}/capture`, { amount: '5000' }, 'shared-key');
    expect(captured).toMatchObject({ status: 200, body: { status: 'succeeded' } });
  });

  it('requires an Idempotency-Key on every payment POST', async () => {
    expect(await authorize(opened.sim, 'tok_visa', 'order-nokey', '')).toMatchObject({
      status: 400,
      body: { error: { code: 'idempotency_key_missing' } },
    });
    expect(await held(opened.sim, 'order-nokey')).toHaveLength(0);
  });

  it('authorizes exactly once when ten requests race with one key', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => authorize(opened.sim, 'tok_visa', 'order-race', 'key-race')));
    expect(new Set(answers.map((a) => a.body.pspReference)).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const payments = await held(opened.sim, 'order-race');
    expect(payments).toHaveLength(1);
    expect(payments[0]!.events.filter((e) => e.type === 'authorization.succeeded')).toHaveLength(1);
  });

  it('captures at most the uncaptured authorized amount, partially and then the rest', async () => {
    const psp = (await authorize(opened.sim, 'tok_visa', 'order-capture', 'cap-a', '5000')).body.pspReference;
    expect((await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '5001' }, 'cap-1')).body.error.code).toBe('amount_too_large');
    expect((await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '3000' }, 'cap-2')).status).toBe(200);
    expect((await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '2001' }, 'cap-3')).body.error.code).toBe('amount_too_large');
    expect((await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '2000' }, 'cap-4')).status).toBe(200);
    expect((await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '2000', currency: 'EUR' }, 'cap-5')).body.error.code).toBe(
      'currency_mismatch',
    );
  });

  it('refuses a void after a capture and a refund beyond what was captured', async () => {
    const psp = (await authorize(opened.sim, 'tok_visa', 'order-guards', 'g-a', '5000')).body.pspReference;
    await post(opened.sim, `/v1/payments/${psp}/capture`, { amount: '4000' }, 'g-c');
    expect(await post(opened.sim, `/v1/payments/${psp}/void`, {}, 'g-v')).toMatchObject({
      status: 400,
      body: { error: { code: 'payment_already_captured' } },
    });
    expect((await post(opened.sim, `/v1/payments/${psp}/refunds`, { amount: '4001' }, 'g-r1')).body.error.code).toBe('amount_too_large');
    expect((await post(opened.sim, `/v1/payments/${psp}/refunds`, { amount: '2500' }, 'g-r2')).status).toBe(200);
    expect((await post(opened.sim, `/v1/payments/${psp}/refunds`, { amount: '1501' }, 'g-r3')).body.error.code).toBe('amount_too_large');
    expect((await post(opened.sim, `/v1/payments/${psp}/refunds`, { amount: '1500' }, 'g-r4')).status).toBe(200);
  });

  it('answers 404 for an unknown payment', async () => {
    expect((await post(opened.sim, '/v1/payments/pay_nope/capture', { amount: '1' }, 'nf-1')).status).toBe(404);
    expect((await post(opened.sim, '/v1/payments/pay_nope/void', {}, 'nf-2')).status).toBe(404);
    expect((await post(opened.sim, '/v1/payments/pay_nope/refunds', { amount: '1' }, 'nf-3')).status).toBe(404);
    expect((await post(opened.sim, '/paysim/3ds/pay_nope/approve', {}, null)).status).toBe(404);
  });

  it('rejects malformed amounts before touching any key', async () => {
    expect((await authorize(opened.sim, 'tok_visa', 'order-bad', 'bad-1', '12.50')).body.error.code).toBe('parameter_invalid');
    expect((await authorize(opened.sim, 'tok_visa', 'order-bad', 'bad-1', '1250')).status).toBe(200);
  });
});
