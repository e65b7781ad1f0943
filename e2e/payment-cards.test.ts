import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { TEST_CARDS } from '@shopgraph/paysim';
import { type TestStack, startStack } from '@shopgraph/testing';
import { waitFor } from '@shopgraph/saga';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { type Confirmation, type Preview, checkoutKit, paymentIdsOf } from './checkout-kit.js';
import {
  AdminRetryCheckoutSagaDocument,
  AdminStuckCheckoutSagasDocument,
  CheckoutSessionDocument,
  OrderDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts()
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(400, 440);

/** Issue 15: one test per simulator card, each ending in its documented state. */
describe('confirmCheckout with every test card', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;
  let next = 0;
  const previous = process.env.PAYMENT_PROVIDER_TIMEOUT_MS;

  beforeAll(async () => {
    // The "timeout after effect" card answers after 1.5 s; the order subgraph gives up on a call after 0.4 s.
    process.env.PAYMENT_PROVIDER_TIMEOUT_MS = '400';
    stack = await startStack(STACK_APPS, { paysim: { slowResponseMs: 1500, asyncDelayMs: 300 } });
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
  });
  afterAll(async () => {
    await stack?.stop();
    if (previous === undefined) delete process.env.PAYMENT_PROVIDER_TIMEOUT_MS;
    else process.env.PAYMENT_PROVIDER_TIMEOUT_MS = previous;
  });

  /** A guest with a ready checkout of 2 units of a fresh SKU (5 available) paid with `card`. */
  async function readyWith(card: string): Promise<{ guest: string; preview: Preview; sku: string }> {
    const sku = skus[next++]!;
    await kit.setAvailable(sku, 5);
    const guest = await kit.guest();
    const preview = await checkout.ready(guest, [{ sku, quantity: 2 }], { email: `${card}@example.com`, card });
    return { guest, preview, sku };
  }
  const sessionStatus = async (guest: string, id: string) =>
    (await stack.client.data(CheckoutSessionDocument, { id }, { token: guest })).checkoutSession!.status;
  /** Confirms again with the same key until the answer leaves PROCESSING/ACTION_REQUIRED. */
  async function settled(guest: string, preview: Preview, key: string): Promise<Confirmation> {
    let answer: Confirmation | undefined;
    await waitFor(async () => {
      answer = await checkout.confirm(guest, preview, key);
      return answer.state === 'COMPLETED' || answer.state === 'FAILED';
    });
    return answer!;
  }

  it.each(TEST_CARDS.filter((c) => c.behaviour === 'declined').map((c) => [c.token, c.declineCode] as const))(
    '%s is declined with %s: no order, nothing captured, stock still held, session open',
    async (card, declineCode) => {
      const { guest, preview, sku } = await readyWith(card);
      const answer = await checkout.confirm(guest, preview);
      expect(answer).toMatchObject({ state: 'FAILED', order: null, declineCode });
      expect(answer.userErrors.map((e) => e.code)).toEqual(['PAYMENT_DECLINED']);
      const [payment] = await paymentIdsOf(stack, preview.id);
      expect(await checkout.simPayments(payment!)).toEqual([
        expect.objectContaining({ status: 'declined', authorized: '0', captured: '0' }),
      ]);
      expect(await checkout.stock(sku)).toMatchObject({ onHand: 5, reserved: 2 });
      expect(await sessionStatus(guest, preview.id)).toBe('OPEN');
    },
  );

  it('tok_processingError fails once and succeeds on the retry with the same key: one order, one authorization', async () => {
    const { guest, preview, sku } = await readyWith('tok_processingError');
    const answer = await checkout.confirm(guest, preview);
    expect(answer.userErrors).toEqual([]);
    expect(answer.order!.status).toBe('CONFIRMED');
    const sim = await checkout.simPayments(answer.order!.payment!.id);
    expect(sim).toHaveLength(1);
    expect(sim[0]).toMatchObject({ captured: preview.totals.total.amountMinor });
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('tok_timeoutAfterEffect: the answer comes after our timeout, the retry finds the one authorization', async () => {
    const { guest, preview } = await readyWith('tok_timeoutAfterEffect');
    const answer = await settled(guest, preview, `timeout-${preview.id}`);
    expect(answer.userErrors).toEqual([]);
    expect(answer.order!.status).toBe('CONFIRMED');
    const sim = await checkout.simPayments(answer.order!.payment!.id);
    expect(sim).toHaveLength(1);
    expect(sim[0]!.events.filter((e) => e.type === 'authorization.succeeded')).toHaveLength(1);
    expect(sim[0]).toMatchObject({ captured: preview.totals.total.amountMinor });
  });

  it('tok_threeDSecureRequired approved: ACTION_REQUIRED with a next action, then the same key returns the paid order', async () => {
    const { guest, preview, sku } = await readyWith('tok_threeDSecureRequired');
    const key = `3ds-ok-${preview.id}`;
    const first = await checkout.confirm(guest, preview, key);
    expect(first).toMatchObject({
      state: 'ACTION_REQUIRED',
      order: null,
      nextAction: { kind: 'THREE_DS', url: expect.stringContaining('/paysim/3ds/') },
    });
    const [payment] = await paymentIdsOf(stack, preview.id);
    const [sim] = await checkout.simPayments(payment!);
    await checkout.threeDSecure(sim!.pspReference, 'approve');
    const answer = await settled(guest, preview, key);
    expect(answer.userErrors).toEqual([]);
    expect(answer.order).toMatchObject({
      status: 'CONFIRMED',
      payment: { status: 'PAID', captured: { amountMinor: preview.totals.total.amountMinor } },
    });
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('tok_threeDSecureRequired failed: PAYMENT_DECLINED, no order, stock still held', async () => {
    const { guest, preview, sku } = await readyWith('tok_threeDSecureRequired');
    const key = `3ds-fail-${preview.id}`;
    expect((await checkout.confirm(guest, preview, key)).state).toBe('ACTION_REQUIRED');
    const [payment] = await paymentIdsOf(stack, preview.id);
    await checkout.threeDSecure((await checkout.simPayments(payment!))[0]!.pspReference, 'fail');
    const answer = await settled(guest, preview, key);
    expect(answer).toMatchObject({ state: 'FAILED', order: null });
    expect(answer.userErrors.map((e) => e.code)).toEqual(['PAYMENT_DECLINED']);
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await sessionStatus(guest, preview.id)).toBe('OPEN');
  });

  it('tok_captureFails: the capture is refused, the authorization voided, the order cancelled, the stock still held', async () => {
    const { guest, preview, sku } = await readyWith('tok_captureFails');
    const answer = await checkout.confirm(guest, preview);
    expect(answer).toMatchObject({ state: 'FAILED', order: null });
    expect(answer.userErrors.map((e) => e.code)).toEqual(['PAYMENT_FAILED']);
    const [payment] = await paymentIdsOf(stack, preview.id);
    expect(await checkout.simPayments(payment!)).toEqual([
      expect.objectContaining({ captured: '0', voided: preview.totals.total.amountMinor }),
    ]);
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await sessionStatus(guest, preview.id)).toBe('OPEN');
  });

  it('tok_asyncCapture: PROCESSING with the order PENDING until the capture webhook confirms it', async () => {
    stack.paysim.switches.pauseWebhooks = true;
    const { guest, preview, sku } = await readyWith('tok_asyncCapture');
    const key = `async-${preview.id}`;
    let answer = await checkout.confirmOnce(guest, preview, key);
    await waitFor(async () => (answer = await checkout.confirmOnce(guest, preview, key)).order !== null);
    expect(answer).toMatchObject({ state: 'PROCESSING', order: { status: 'PENDING' } });
    stack.paysim.switches.pauseWebhooks = false;
    await waitFor(
      async () => (await stack.client.data(OrderDocument, { id: answer.order!.id }, { token: guest })).order!.status === 'CONFIRMED',
    );
    const order = (await stack.client.data(OrderDocument, { id: answer.order!.id }, { token: guest })).order!;
    expect(order.payment).toMatchObject({ status: 'PAID', captured: { amountMinor: preview.totals.total.amountMinor } });
    expect(await checkout.stock(sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('tok_voidFails: the failed void leaves the run NEEDS_ATTENTION with one dead letter and the alert counter +1; a retry after the fault clears settles it', async () => {
    const metric = async () => {
      const text = await (await fetch(`${stack.subgraphs.order.url.replace('/graphql', '')}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('saga_compensation_failed_total{') && l.includes('authorize-payment'));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const before = await metric();
    const { guest, preview } = await readyWith('tok_voidFails');
    const answer = await checkout.confirm(guest, preview, `void-${preview.id}`);
    expect(answer).toMatchObject({ state: 'FAILED', order: null });
    const admin = await kit.admin();
    let stuck: { id: string; status: string; checkoutSessionId: string }[] = [];
    await waitFor(async () => {
      stuck = (await stack.client.data(AdminStuckCheckoutSagasDocument, {}, { token: admin })).stuckCheckoutSagas.filter(
        (r) => r.checkoutSessionId === preview.id,
      );
      return stuck.some((r) => r.status === 'NEEDS_ATTENTION');
    }, 60_000);
    await waitFor(async () => (await metric()) > before);
    expect(await metric()).toBe(before + 1);
    // The dead letter is queued right after the run's NEEDS_ATTENTION commit.
    const lettersOf = async () =>
      ((await stack.subgraphs.order.runtime.bus!.deadLetters('order.saga')) as unknown as { runId: string }[]).filter(
        (l) => l.runId === stuck[0]!.id,
      );
    await waitFor(async () => (await lettersOf()).length > 0);
    expect(await lettersOf()).toHaveLength(1);

    stack.paysim.faults.voidFails = false;
    try {
      const retried = await stack.client.data(AdminRetryCheckoutSagaDocument, { id: stuck[0]!.id }, { token: admin });
      expect(retried.retryCheckoutSaga.userErrors).toEqual([]);
      await waitFor(async () => (await checkout.confirm(guest, preview, `void-${preview.id}`)).state === 'FAILED');
      const [payment] = await paymentIdsOf(stack, preview.id);
      expect(await checkout.simPayments(payment!)).toEqual([
        expect.objectContaining({ captured: '0', voided: preview.totals.total.amountMinor }),
      ]);
      expect(
        (await stack.client.data(AdminStuckCheckoutSagasDocument, {}, { token: admin })).stuckCheckoutSagas.filter(
          (r) => r.checkoutSessionId === preview.id,
        ),
      ).toEqual([]);
    } finally {
      stack.paysim.faults.voidFails = true;
    }
  });
  it('npm run sagas: an operator lists the stuck run, resolves it by hand with a note, and it leaves the list', async () => {
    /** Runs the operator command as `npm run sagas -- …` would, against this stack's order subgraph. */
    const sagas = async (...args: string[]) => {
      const env = { ...process.env, NODE_ENV: 'test', ORDER_URL: stack.subgraphs.order.url, JWT_PRIVATE_KEY: stack.keys.privateKey };
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [resolve('scripts/dist/sagas-cli.js'), ...args], { env });
        return { code: 0, out: stdout };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
      }
    };
    const { guest, preview } = await readyWith('tok_voidFails');
    expect(await checkout.confirm(guest, preview, `cli-${preview.id}`)).toMatchObject({ state: 'FAILED', order: null });
    let runId = '';
    await waitFor(async () => {
      const listed = await sagas('stuck');
      expect(listed.code).toBe(0);
      const run = (JSON.parse(listed.out) as { id: string; status: string; checkoutSessionId: string }[]).find(
        (r) => r.checkoutSessionId === preview.id && r.status === 'NEEDS_ATTENTION',
      );
      runId = run?.id ?? '';
      return Boolean(run);
    }, 60_000);

    expect((await sagas('resolve', runId)).code).toBe(2);
    const resolved = await sagas('resolve', runId, 'voided by hand in the provider dashboard');
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.out)).toMatchObject({
      run: { id: runId, note: 'voided by hand in the provider dashboard' },
      userErrors: [],
    });
    const after = JSON.parse((await sagas('stuck')).out) as { id: string }[];
    expect(after.map((r) => r.id)).not.toContain(runId);
    const again = await sagas('retry', runId);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({ userErrors: [expect.objectContaining({ code: expect.any(String) })] });
  });
});
