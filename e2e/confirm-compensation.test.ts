import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { SagaEngine, failAfter } from '@shopgraph/saga';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { orderServices } from '../subgraphs/order/src/services/order-services.js';
import type { ConfirmInput, ConfirmPorts } from '../subgraphs/order/src/steps/ports.js';
import { CONFIRM_CHECKOUT, confirmCheckoutWorkflow } from '../subgraphs/order/src/workflows/confirm-checkout.workflow.js';
import { checkoutKit, paymentIdsOf } from './checkout-kit.js';
import {
  AdjustLoyaltyPointsDocument,
  AdminPromotionUsageDocument,
  CheckoutSessionDocument,
  MyAccountDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const skus = demoProducts()
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(560, 580);
/** Steps before the pivot: a failure of the step after any of them must undo everything done so far. */
const COMPENSABLE = confirmCheckoutWorkflow.steps.filter((step) => step.kind === 'compensable').map((step) => step.id);
const GRANTED = 500;
const SPENT = 100;

/**
 * Issue 15 compensation (CHECKOUT-SAGA.md "Tests that prove it"): `failAfter(stepId)` over every
 * compensable step, run by an engine on the stack's order runtime with the subgraph's own ports.
 * Whatever had happened is given back: the hold as before, usage and points back, no live order,
 * the authorization voided, the cart and session as the shopper left them.
 */
describe('confirmCheckout compensates every step before the pivot', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let checkout: ReturnType<typeof checkoutKit>;
  let campaignId: string;
  let code: string;
  let next = 0;

  beforeAll(async () => {
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
    checkout = checkoutKit(stack, kit.admin);
    ({ campaignId, code } = await kit.coupon('Undo 5 percent', 500, 'UNDO'));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const sql = <T extends object>(query: string, params: unknown[]) =>
    stack.subgraphs.order.runtime.orm.em.fork().execute<T[]>(query, params);
  const usage = async () =>
    (await stack.client.data(AdminPromotionUsageDocument, { campaignId }, { token: await kit.admin() })).promotionUsageReport!.usageCount;
  const pointsOf = async (token: string) => (await stack.client.data(MyAccountDocument, {}, { token })).me!.loyalty.points;
  const sessionOf = async (token: string, id: string) => {
    const session = (await stack.client.data(CheckoutSessionDocument, { id }, { token })).checkoutSession!;
    return { status: session.status, cart: session.cart.status, total: session.totals.total.amountMinor };
  };

  /** An engine of this process whose confirmation fails after `stepId`, on the order subgraph's own ports. */
  function failingEngine(stepId: string): SagaEngine<ConfirmPorts> {
    const runtime = stack.subgraphs.order.runtime;
    return new SagaEngine({
      orm: runtime.orm,
      schema: 'order',
      workflows: [failAfter(confirmCheckoutWorkflow, stepId)],
      ports: orderServices(runtime).ports,
      logger: runtime.logger,
      instanceId: `fail-after-${stepId}`,
    });
  }

  it.each(COMPENSABLE)('a failure after %s leaves stock, usage, points, payment, cart and session as before', async (stepId) => {
    const sku = skus[next++]!;
    await kit.setAvailable(sku, 5);
    const customer = await kit.customer('undo');
    const granted = await stack.client.data(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: customer.id, points: GRANTED, reason: 'compensation' } },
      { token: await kit.admin() },
    );
    expect(granted.adjustLoyaltyPoints.userErrors).toEqual([]);
    const preview = await checkout.ready(customer.token, [{ sku, quantity: 2 }], { codes: [code], points: SPENT });
    const before = { stock: await checkout.stock(sku), usage: await usage(), session: await sessionOf(customer.token, preview.id) };
    expect(before.stock).toEqual({ onHand: 5, reserved: 2, available: 3 });

    // The run input confirmCheckout would build for this session.
    const [owner] = await sql<{ owner_key: string }>(`select "owner_key" from "order"."checkout_session" where "id" = ?`, [preview.id]);
    const input: ConfirmInput = {
      sessionId: preview.id,
      orderId: randomUUID(),
      paymentId: randomUUID(),
      ownerKey: owner!.owner_key,
      customerId: customer.id,
      expectedTotal: { amountMinor: preview.totals.total.amountMinor, currency: preview.totals.total.currencyCode },
    };
    const engine = failingEngine(stepId);
    const { run } = await engine.start(CONFIRM_CHECKOUT, {
      businessKey: preview.id,
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      input,
    });
    const ended = await engine.drive(run.id);

    // The last error is in the comparison so that a failed compensation names itself.
    expect({ status: ended.status, lastError: ended.lastError }).toEqual({ status: 'COMPENSATED', lastError: null });
    expect(ended.error).toMatchObject({ code: 'STEP_FAILED', message: expect.stringContaining(`failAfter("${stepId}")`) });
    // Each step up to stepId ran, which is what makes the undo worth checking.
    const ran = await sql<{ step_id: string }>(
      `select distinct "step_id" from "order"."saga_step" where "run_id" = ? and "phase" = 'do' and "status" = 'succeeded'`,
      [run.id],
    );
    expect(ran.map((r) => r.step_id).sort()).toEqual(COMPENSABLE.slice(0, COMPENSABLE.indexOf(stepId) + 1).sort());

    expect(await checkout.stock(sku)).toEqual(before.stock);
    expect(await usage()).toBe(before.usage);
    expect(await pointsOf(customer.token)).toBe(GRANTED);
    // The order only exists once create-order ran, then cancelled; an authorization only once authorize-payment ran, then voided.
    const reached = (step: string) => COMPENSABLE.indexOf(stepId) >= COMPENSABLE.indexOf(step);
    const orders = await sql<{ status: string }>(`select "status"::text as "status" from "order"."order" where "id" = ?`, [input.orderId]);
    expect(orders.map((o) => o.status)).toEqual(reached('create-order') ? ['CANCELLED'] : []);
    const total = preview.totals.total.amountMinor;
    const sim = (await Promise.all((await paymentIdsOf(stack, preview.id)).map((id) => checkout.simPayments(id)))).flat();
    expect(sim.map((p) => ({ authorized: p.authorized, captured: p.captured, voided: p.voided }))).toEqual(
      reached('authorize-payment') ? [{ authorized: total, captured: '0', voided: total }] : [],
    );
    expect(await sessionOf(customer.token, preview.id)).toEqual(before.session);
  });
});
