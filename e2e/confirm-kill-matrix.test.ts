import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { waitFor } from '@shopgraph/saga';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { confirmCheckoutWorkflow } from '../subgraphs/order/src/workflows/confirm-checkout.workflow.js';
import { checkoutKit, paymentIdsOf } from './checkout-kit.js';
import {
  AdjustLoyaltyPointsDocument,
  AdminPromotionUsageDocument,
  CheckoutSessionDocument,
  MyAccountDocument,
  OrderDocument,
} from './generated/graphql.js';
import { type OrderProcess, stackPublicKey, startOrderProcess } from './order-process.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts()
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(500, 540);
const POINTS = ['before', 'after-effect', 'after-record'] as const;
const FULL = confirmCheckoutWorkflow.steps.flatMap((step) => POINTS.map((point) => [step.id, point] as const));
/**
 * The whole matrix (30 cases, about 3 minutes here); KILL_MATRIX=quick runs every step after its effect
 * plus every point of the three payment-bound steps, where a crash costs money (16 cases).
 */
const CASES =
  process.env.KILL_MATRIX === 'quick'
    ? FULL.filter(([step, point]) => point === 'after-effect' || ['authorize-payment', 'create-order', 'capture-payment'].includes(step))
    : FULL;
/** Sent straight to the doomed instance: its answer never arrives, so it asks for nothing the order subgraph lacks. */
const CONFIRM = `mutation ($input: ConfirmCheckoutInput!) { confirmCheckout(input: $input) { state } }`;
const GRANTED = 500;
const SPENT = 100;

/**
 * Issue 15 kill matrix (CHECKOUT-SAGA.md "Tests that prove it"): instance A, a separate order process,
 * runs the saga and is SIGKILLed at each step × point; the stack's own order subgraph (instance B,
 * already running, short sweep) takes the run over once A's lease lapses. Whatever the point, the
 * session ends with one paid order or none, and every effect happened exactly once or not at all.
 */
describe('confirmCheckout survives a SIGKILL at every step and point', () => {
  const saved = { lease: process.env.SAGA_LEASE_SECONDS, sweep: process.env.SAGA_SWEEP_INTERVAL_SECONDS };
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;
  let publicKey: string;
  let campaignId: string;
  let code: string;
  let next = 0;
  let instanceA: OrderProcess | undefined;

  beforeAll(async () => {
    // Instance B: read once by orderConfig() in this file's module registry. A 5 s lease keeps B's own
    // provider calls from being cut short on a busy machine; the 1 s sweep finds A's lapsed runs fast.
    process.env.SAGA_LEASE_SECONDS = '5';
    process.env.SAGA_SWEEP_INTERVAL_SECONDS = '1';
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
    publicKey = await stackPublicKey(stack);
    ({ campaignId, code } = await kit.coupon('Kill 5 percent', 500, 'KILL'));
  });
  afterEach(async () => {
    await instanceA?.stop();
    instanceA = undefined;
  });
  afterAll(async () => {
    await stack?.stop();
    for (const [name, value] of [
      ['SAGA_LEASE_SECONDS', saved.lease],
      ['SAGA_SWEEP_INTERVAL_SECONDS', saved.sweep],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const sql = <T extends object>(query: string, params: unknown[]) =>
    stack.subgraphs.order.runtime.orm.em.fork().execute<T[]>(query, params);
  const usage = async () =>
    (await stack.client.data(AdminPromotionUsageDocument, { campaignId }, { token: await kit.admin() })).promotionUsageReport!.usageCount;
  const pointsOf = async (token: string) => (await stack.client.data(MyAccountDocument, {}, { token })).me!.loyalty.points;
  /** Every provider-side payment of the session, with its events. */
  const simOf = async (sessionId: string) =>
    (await Promise.all((await paymentIdsOf(stack, sessionId)).map((id) => checkout.simPayments(id)))).flat();

  /** A customer holding points, with a ready checkout of 2 of 5 units of a fresh SKU, a coupon and 100 points. */
  async function shopper() {
    const sku = skus[next++]!;
    await kit.setAvailable(sku, 5);
    const customer = await kit.customer('kill');
    const granted = await stack.client.data(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: customer.id, points: GRANTED, reason: 'kill matrix' } },
      { token: await kit.admin() },
    );
    expect(granted.adjustLoyaltyPoints.userErrors).toEqual([]);
    const preview = await checkout.ready(customer.token, [{ sku, quantity: 2 }], { codes: [code], points: SPENT });
    return { sku, token: customer.token, preview };
  }

  it.each(CASES)('SIGKILL at %s:%s, then the other instance finishes or undoes the run', async (stepId, point) => {
    // A starts while the shopper gets ready; settled both ways so that afterEach can always stop A.
    const [started, readied] = await Promise.allSettled([
      startOrderProcess(stack, publicKey, {
        SAGA_CRASH_AT: `${stepId}:${point}`,
        SAGA_LEASE_SECONDS: '1.5',
        SAGA_SWEEP_INTERVAL_SECONDS: '1',
      }),
      shopper(),
    ]);
    if (started.status === 'fulfilled') instanceA = started.value;
    for (const settled of [started, readied]) if (settled.status === 'rejected') throw settled.reason;
    const a = instanceA!;
    const { sku, token, preview } = (readied as PromiseFulfilledResult<Awaited<ReturnType<typeof shopper>>>).value;
    const usedBefore = await usage();

    // A runs the saga inline and dies at the point: its answer never comes.
    const key = randomUUID();
    const total = preview.totals.total;
    const input = {
      checkoutSessionId: preview.id,
      idempotencyKey: key,
      expectedTotal: { amountMinor: total.amountMinor, currencyCode: total.currencyCode },
    };
    const answered = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CONFIRM, variables: { input } }),
    }).then(
      async (response) => `answered ${response.status}: ${await response.text()}`,
      () => 'no answer',
    );
    const died = await a.exited;
    expect({ answered, died }).toEqual({ answered: 'no answer', died: { code: null, signal: 'SIGKILL' } });

    // B takes the run over after A's lease lapses and brings it to an end.
    let status = '';
    await waitFor(async () => {
      const [run] = await sql<{ status: string }>(`select "status" from "order"."saga_run" where "business_key" = ?`, [preview.id]);
      status = run?.status ?? '';
      return status === 'COMPLETED' || status === 'COMPENSATED' || status === 'NEEDS_ATTENTION';
    }, 45_000).catch(async (error: unknown) => {
      // Say where recovery stands: the run, and the background jobs that should have found it.
      const jobs = await sql(
        `select "name", "state", count(*)::int as "n" from "pgboss"."job" where "name" like 'order.saga.%' group by 1, 2`,
        [],
      );
      throw new Error(`${String(error)}; run ${status}; saga jobs ${JSON.stringify(jobs)}`);
    });
    expect(['COMPLETED', 'COMPENSATED']).toContain(status);

    const orders = await sql<{ id: string; status: string }>(
      `select "id", "status"::text as "status" from "order"."order" where "checkout_session_id" = ?`,
      [preview.id],
    );
    expect(orders.length).toBeLessThanOrEqual(1);
    const paid = status === 'COMPLETED';
    const sim = await simOf(preview.id);
    const authorizations = sim.flatMap((p) => p.events.filter((e) => e.type === 'authorization.succeeded'));
    const stock = await checkout.stock(sku);
    const session = (await stack.client.data(CheckoutSessionDocument, { id: preview.id }, { token })).checkoutSession!;
    if (paid) {
      const order = (await stack.client.data(OrderDocument, { id: orders[0]!.id }, { token })).order!;
      expect(order.status).toBe('CONFIRMED');
      expect(order.payment).toMatchObject({ status: 'PAID', captured: { amountMinor: total.amountMinor } });
      // The provider authorized once and captured the order total once.
      expect(sim).toEqual([expect.objectContaining({ captured: total.amountMinor, voided: '0' })]);
      expect(authorizations).toHaveLength(1);
      expect(sim[0]!.events.filter((e) => e.type === 'capture.succeeded')).toHaveLength(1);
      // The held units left on-hand exactly once; coupon and points moved exactly once.
      expect(stock).toEqual({ onHand: 3, reserved: 0, available: 3 });
      expect(await usage()).toBe(usedBefore + 1);
      expect(await pointsOf(token)).toBe(GRANTED - SPENT + order.loyaltyPointsEarned);
      expect(session.status).toBe('COMPLETED');
    } else {
      // Compensated: no paid order, nothing captured, every authorization voided, stock and effects as before.
      expect(orders.every((o) => o.status === 'CANCELLED')).toBe(true);
      for (const payment of sim)
        expect({ captured: payment.captured, voided: payment.voided }).toEqual({ captured: '0', voided: payment.authorized });
      expect(stock.onHand).toBe(5);
      expect(stock.reserved === 2 ? session.status : stock.reserved).toBe(stock.reserved === 2 ? 'OPEN' : 0);
      expect(await usage()).toBe(usedBefore);
      expect(await pointsOf(token)).toBe(GRANTED);
    }
    const created = await sql<{ n: string }>(
      `select count(*)::text as "n" from "order"."outbox" where "name" = 'order.created' and "payload"->>'checkoutSessionId' = ?`,
      [preview.id],
    );
    expect(Number(created[0]!.n)).toBe(orders.length);

    // The same key again (through the gateway, to B): the same order, and the provider is called no more.
    const events = sim.reduce((n, p) => n + p.events.length, 0);
    const again = await checkout.confirm(token, preview, key);
    expect(again.order?.id ?? null).toBe(paid ? orders[0]!.id : null);
    const simAgain = await simOf(preview.id);
    expect([simAgain.length, simAgain.reduce((n, p) => n + p.events.length, 0)]).toEqual([sim.length, events]);
  });
});
