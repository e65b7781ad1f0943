import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { money, type CurrencyCode } from '@shopgraph/money';
import { signatureHeader, startPaysim, startWebhookReceiver, type PaysimHandle, type WebhookReceiver } from '@shopgraph/paysim';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { foldPaymentEvents } from '../../src/domain/payment-ledger.js';
import { WebhookSignatureError, type PaymentProvider, type ProviderEventType } from '../../src/payments/payment-provider.js';
import { PaysimProvider } from '../../src/payments/paysim.provider.js';
import { ledgerEventOf } from '../../src/payments/provider-ledger.js';

/** A webhook exactly as it reached the shop. */
interface RawWebhook {
  rawBody: Buffer;
  headers: Record<string, string>;
}

/** What the suite needs besides the provider: tokens, the provider's own ledger and its webhooks. */
interface ConformanceTarget {
  provider: PaymentProvider;
  currency: CurrencyCode;
  tokens: { succeeds: string; timeoutAfterEffect: string };
  /** Longer than the client timeout the suite uses for the timeout-after-effect card's first call. */
  firstCallTimeoutMs: number;
  /** Authorizations the provider holds for one of our references. */
  authorizationsHeld(reference: string): Promise<number>;
  /** Waits for `count` deliveries about `reference` and returns them in arrival order. */
  webhooks(reference: string, count: number): Promise<RawWebhook[]>;
  /** Delivery switches, where the provider has them (simulators); see `Capabilities`. */
  switches?: { duplicate(on: boolean): void; reorder(on: boolean): void; pause(on: boolean): void };
  close(): Promise<void>;
}

/** What a target can do beyond the interface; the tests that need a capability exist only with it. */
interface Capabilities {
  /** Webhook deliveries can be duplicated, held and reordered on demand. */
  deliverySwitches: boolean;
}

/** The provider conformance suite (PAYMENTS.md), over any `PaymentProvider`. */
function providerConformance(name: string, capabilities: Capabilities, open: () => Promise<ConformanceTarget>): void {
  const withSwitches = capabilities.deliverySwitches ? it : () => undefined;
  describe(`PaymentProvider conformance: ${name}`, () => {
    let t: ConformanceTarget;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => {
      await t?.close();
    });

    const amount = (minor: number) => money(BigInt(minor), t.currency);
    const opts = (idempotencyKey: string, timeoutMs = 10_000) => ({ idempotencyKey, timeoutMs });
    async function authorized(reference: string, minor = 5000): Promise<string> {
      const result = await t.provider.authorize(
        { paymentId: reference, amount: amount(minor), token: t.tokens.succeeds },
        opts(`${reference}:authorize`),
      );
      if (result.outcome !== 'SUCCEEDED') throw new Error(`authorize answered ${result.outcome}`);
      return result.pspReference;
    }
    const fold = (events: ReturnType<PaymentProvider['parseWebhook']>[], total = 5000n) =>
      foldPaymentEvents(events.map(ledgerEventOf), total);

    it('answers a retry with the same key with the same pspReference and one authorization', async () => {
      const ref = `pay-${randomUUID()}`;
      const request = { paymentId: ref, amount: amount(5000), token: t.tokens.succeeds };
      const first = await t.provider.authorize(request, opts(`${ref}:authorize`));
      const second = await t.provider.authorize(request, opts(`${ref}:authorize`));
      expect(first.outcome).toBe('SUCCEEDED');
      expect(second).toEqual(first);
      expect(await t.authorizationsHeld(ref)).toBe(1);
    });

    it('refuses the same key with another amount', async () => {
      const ref = `pay-${randomUUID()}`;
      await authorized(ref, 5000);
      const reused = await t.provider.authorize(
        { paymentId: ref, amount: amount(6000), token: t.tokens.succeeds },
        opts(`${ref}:authorize`),
      );
      expect(reused).toMatchObject({ outcome: 'FAILED', retryable: false });
      expect(await t.authorizationsHeld(ref)).toBe(1);
    });

    it('refuses a void after a capture', async () => {
      const ref = `pay-${randomUUID()}`;
      const psp = await authorized(ref);
      expect((await t.provider.capture({ pspReference: psp, amount: amount(5000) }, opts(`${ref}:capture`))).outcome).toBe('SUCCEEDED');
      expect(await t.provider.void({ pspReference: psp }, opts(`${ref}:authorize:undo`))).toMatchObject({
        outcome: 'FAILED',
        retryable: false,
      });
      expect((await t.provider.retrieve(psp)).captured).toEqual(amount(5000));
    });

    it('refunds at most what was captured', async () => {
      const ref = `pay-${randomUUID()}`;
      const psp = await authorized(ref);
      await t.provider.capture({ pspReference: psp, amount: amount(3000) }, opts(`${ref}:capture`));
      expect(await t.provider.refund({ pspReference: psp, amount: amount(3001) }, opts(`${ref}:refund-1`))).toMatchObject({
        outcome: 'FAILED',
        retryable: false,
      });
      expect(
        await t.provider.refund({ pspReference: psp, amount: amount(3000), reason: 'returned' }, opts(`${ref}:refund-2`)),
      ).toMatchObject({ outcome: 'SUCCEEDED', amount: amount(3000) });
      const snapshot = await t.provider.retrieve(psp);
      expect(snapshot).toMatchObject({ captured: amount(3000), refunded: amount(3000), authorized: amount(5000) });
    });

    it('parses a signed webhook and rejects a tampered body or signature', async () => {
      const ref = `pay-${randomUUID()}`;
      const psp = await authorized(ref);
      const [webhook] = await t.webhooks(ref, 1);
      expect(t.provider.parseWebhook(webhook!.rawBody, webhook!.headers)).toMatchObject({
        type: 'authorization.succeeded',
        pspReference: psp,
        reference: ref,
        amount: amount(5000),
      });
      const tampered = Buffer.from(webhook!.rawBody.toString('utf8').replace('"5000"', '"500000"'));
      expect(tampered.equals(webhook!.rawBody)).toBe(false);
      expect(() => t.provider.parseWebhook(tampered, webhook!.headers)).toThrow(WebhookSignatureError);
      const forged = Object.fromEntries(Object.entries(webhook!.headers).map(([k, v]) => [k, v.replace(/v1=[0-9a-f]{8}/, 'v1=00000000')]));
      expect(() => t.provider.parseWebhook(webhook!.rawBody, forged)).toThrow(WebhookSignatureError);
    });

    withSwitches('folds a duplicated webhook once', async () => {
      const switches = t.switches!;
      switches.duplicate(true);
      try {
        const ref = `pay-${randomUUID()}`;
        await authorized(ref);
        const received = await t.webhooks(ref, 2);
        const events = received.map((w) => t.provider.parseWebhook(w.rawBody, w.headers));
        expect(events[0]!.id).toBe(events[1]!.id);
        expect(fold(events)).toEqual(fold([events[0]!]));
        expect(fold(events)).toMatchObject({ authorized: 5000n, status: 'AUTHORIZED' });
      } finally {
        switches.duplicate(false);
      }
    });

    withSwitches('ends in the same ledger state when capture.succeeded arrives before authorization.succeeded', async () => {
      const switches = t.switches!;
      const ref = `pay-${randomUUID()}`;
      switches.pause(true);
      try {
        const psp = await authorized(ref);
        await t.provider.capture({ pspReference: psp, amount: amount(5000) }, opts(`${ref}:capture`));
        switches.reorder(true);
      } finally {
        switches.pause(false);
      }
      try {
        const events = (await t.webhooks(ref, 2)).map((w) => t.provider.parseWebhook(w.rawBody, w.headers));
        const arrival: ProviderEventType[] = ['capture.succeeded', 'authorization.succeeded'];
        expect(events.map((e) => e.type)).toEqual(arrival);
        expect(fold(events)).toEqual(fold([...events].reverse()));
        expect(fold(events)).toMatchObject({ authorized: 0n, charged: 5000n, status: 'PAID' });
      } finally {
        switches.reorder(false);
      }
    });

    it('leaves exactly one authorization when the first answer comes after the timeout', async () => {
      const ref = `pay-${randomUUID()}`;
      const request = { paymentId: ref, amount: amount(5000), token: t.tokens.timeoutAfterEffect };
      const first = await t.provider.authorize(request, opts(`${ref}:authorize`, t.firstCallTimeoutMs));
      expect(first).toMatchObject({ outcome: 'FAILED', retryable: true, code: 'timeout' });
      const retry = await t.provider.authorize(request, opts(`${ref}:authorize`));
      expect(retry.outcome).toBe('SUCCEEDED');
      const again = await t.provider.authorize(request, opts(`${ref}:authorize`));
      expect(again).toEqual(retry);
      expect(await t.authorizationsHeld(ref)).toBe(1);
      if (retry.outcome === 'SUCCEEDED') expect((await t.provider.retrieve(retry.pspReference)).reference).toBe(ref);
    });
  });
}

const SECRET = 'conformance-webhook-secret';

/** paysim started in-process on a fresh database, with a local webhook receiver. */
async function openPaysimTarget(): Promise<ConformanceTarget & { sim: PaysimHandle; receiver: WebhookReceiver; db: TestDatabase }> {
  const db = await freshDatabase('paysim_conformance');
  const receiver = await startWebhookReceiver();
  const sim = await startPaysim({
    databaseUrl: db.url,
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    slowResponseMs: 1_500,
    asyncDelayMs: 200,
    pollMs: 500,
  });
  const about = (reference: string) => receiver.received.filter((w) => w.body.data.reference === reference);
  return {
    sim,
    receiver,
    db,
    provider: new PaysimProvider({ baseUrl: sim.url, webhookSecret: SECRET }),
    currency: 'USD',
    tokens: { succeeds: 'tok_visa', timeoutAfterEffect: 'tok_timeoutAfterEffect' },
    firstCallTimeoutMs: 300,
    authorizationsHeld: async (reference) => {
      const response = await fetch(`${sim.url}/paysim/payments?reference=${encodeURIComponent(reference)}`);
      const { data } = (await response.json()) as { data: { events: { type: string }[] }[] };
      return data.flatMap((p) => p.events).filter((e) => e.type === 'authorization.succeeded').length;
    },
    webhooks: async (reference, count) => {
      await receiver.next(() => about(reference).length >= count);
      return about(reference).slice(0, count);
    },
    switches: {
      duplicate: (on) => (sim.switches.duplicateWebhooks = on),
      reorder: (on) => (sim.switches.reorderWebhooks = on),
      pause: (on) => (sim.switches.pauseWebhooks = on),
    },
    close: async () => {
      await sim.stop();
      await receiver.stop();
      await db.drop();
    },
  };
}

providerConformance('paysim', { deliverySwitches: true }, openPaysimTarget);

describe('PaysimProvider outcomes', () => {
  let t: Awaited<ReturnType<typeof openPaysimTarget>>;
  beforeAll(async () => {
    t = await openPaysimTarget();
  });
  afterAll(async () => {
    await t?.close();
  });
  const usd = (minor: number) => money(BigInt(minor), 'USD');
  const opts = (idempotencyKey: string) => ({ idempotencyKey, timeoutMs: 10_000 });
  const authorize = (token: string, ref = `pay-${randomUUID()}`) =>
    t.provider.authorize({ paymentId: ref, amount: usd(5000), token }, opts(`${ref}:authorize`));

  it('maps declines, 3-D Secure, pending captures and processing errors', async () => {
    expect(await authorize('tok_chargeDeclinedInsufficientFunds')).toMatchObject({ outcome: 'DECLINED', code: 'insufficient_funds' });
    const challenged = await authorize('tok_threeDSecureRequired');
    expect(challenged).toMatchObject({ outcome: 'ACTION_REQUIRED', action: { kind: 'THREE_DS' } });
    const async = await authorize('tok_asyncCapture');
    if (async.outcome !== 'SUCCEEDED') throw new Error(async.outcome);
    expect(
      await t.provider.capture({ pspReference: async.pspReference, amount: usd(5000) }, opts(`${async.pspReference}:capture`)),
    ).toEqual({ outcome: 'PENDING', pspReference: async.pspReference });
    const ref = `pay-${randomUUID()}`;
    expect(await authorize('tok_processingError', ref)).toMatchObject({ outcome: 'FAILED', retryable: true, code: 'processing_error' });
    expect(await authorize('tok_processingError', ref)).toMatchObject({ outcome: 'SUCCEEDED' });
  });

  it('returns the webhook event id with a synchronous success, and the same events from retrieve()', async () => {
    const ref = `pay-${randomUUID()}`;
    const result = await authorize('tok_visa', ref);
    if (result.outcome !== 'SUCCEEDED') throw new Error(result.outcome);
    const [webhook] = await t.webhooks(ref, 1);
    const event = t.provider.parseWebhook(webhook!.rawBody, webhook!.headers);
    expect(result.pspEventId).toBe(event.id);
    expect((await t.provider.retrieve(result.pspReference)).events).toEqual([event]);
  });

  it('never sends a card number, and treats an unreachable provider as an unknown outcome', async () => {
    expect(await authorize('4242 4242 4242 4242')).toMatchObject({ outcome: 'FAILED', retryable: false, code: 'card_number_refused' });
    const offline = new PaysimProvider({ baseUrl: 'http://127.0.0.1:9', webhookSecret: SECRET });
    expect(await offline.authorize({ paymentId: 'p', amount: usd(1), token: 'tok_visa' }, opts('k'))).toMatchObject({
      outcome: 'FAILED',
      retryable: true,
      code: 'unreachable',
    });
  });

  it('rejects a webhook signed outside the tolerance', async () => {
    const ref = `pay-${randomUUID()}`;
    await authorize('tok_visa', ref);
    const [webhook] = await t.webhooks(ref, 1);
    const stale = signatureHeader(SECRET, webhook!.rawBody.toString('utf8'), Math.floor(Date.now() / 1000) - 301);
    expect(() => t.provider.parseWebhook(webhook!.rawBody, { 'paysim-signature': stale })).toThrow(WebhookSignatureError);
    const fresh = signatureHeader(SECRET, webhook!.rawBody.toString('utf8'));
    expect(t.provider.parseWebhook(webhook!.rawBody, { 'Paysim-Signature': fresh }).reference).toBe(ref);
  });
});
