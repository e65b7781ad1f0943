import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrderCancelled, OrderConfirmed, OrderRefunded } from '@shopgraph/contracts';
import { type EventDescriptor, type EventEnvelope, createEnvelope } from '@shopgraph/events';
import { waitFor } from '@shopgraph/saga';
import { ORDER_EVENTS_CONSUMER } from '../../src/events/order-events.handler.js';
import { type CustomerSubgraph, adminToken, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

type Payload<D> = D extends EventDescriptor<infer P> ? P : never;

const HISTORY = 'segments orderHistory { ordersCount lifetimeValue { amountMinor currencyCode } lastOrderAt }';
const ME = `{ me { id ${HISTORY} } }`;
const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id ${HISTORY} } } }`;

/** Issue 18 item 4: the customer's order history, projected from the order events once each, in any order. */
describe('order history from the order events', () => {
  let subgraph: CustomerSubgraph;

  beforeAll(async () => {
    subgraph = await startCustomerSubgraph();
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const confirmed = (
    customerId: string,
    orderId: string,
    totalMinor: string,
    version = 2,
    currency = 'VND',
  ): Payload<typeof OrderConfirmed> => ({
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    version,
    customerId,
    currency,
    totalMinor,
    pointsEarned: 0,
  });
  const cancelled = (customerId: string, orderId: string, version: number): Payload<typeof OrderCancelled> => ({
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    version,
    customerId,
    email: null,
    currency: 'VND',
    refundedMinor: '0',
    voidedMinor: '0',
    reason: null,
    reservationId: null,
    restock: [],
    promotionIds: [],
    usageGivenBack: false,
    loyaltyReversed: false,
  });
  const refunded = (customerId: string, orderId: string, version: number, amountMinor: string): Payload<typeof OrderRefunded> => ({
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    version,
    customerId,
    email: null,
    refundId: randomUUID(),
    currency: 'VND',
    amountMinor,
    reason: null,
    restock: [],
  });

  /** Publishes an envelope through the bus as the order subgraph would, and waits until the customer's inbox holds it. */
  async function deliver(envelope: EventEnvelope): Promise<void> {
    await subgraph.running.runtime.bus!.publish(envelope);
    await waitFor(async () => {
      const rows = await subgraph.running.runtime.orm.em
        .fork()
        .execute(`select 1 from customer.inbox where consumer = ? and event_id = ?`, [ORDER_EVENTS_CONSUMER, envelope.id]);
      return rows.length === 1;
    }, 30_000);
  }
  const event = <P>(descriptor: EventDescriptor<P>, payload: P & { orderId: string }) =>
    createEnvelope(descriptor, { producer: 'order', aggregateId: payload.orderId, payload });
  /** Resolves once every order event delivered so far has been handled (none waiting or running). */
  const settled = () =>
    waitFor(async () => {
      const counts = await subgraph.running.runtime.bus!.jobs.jobCounts(ORDER_EVENTS_CONSUMER);
      return counts.waiting === 0 && counts.active === 0;
    }, 30_000);
  const mine = async (token: string) => {
    const res = await subgraph.call(ME, {}, { token });
    expect(res.errors).toBeUndefined();
    return res.data!.me;
  };

  it('counts paid orders, takes refunds off once, and a cancelled order leaves the count; segments follow', async () => {
    const c = await registerCustomer(subgraph, 'history@example.com');
    expect((await mine(c.accessToken)).orderHistory).toEqual({
      ordersCount: 0,
      lifetimeValue: { amountMinor: '0', currencyCode: 'VND' },
      lastOrderAt: null,
    });

    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const paidFirst = event(OrderConfirmed, confirmed(c.id, first, '15000000'));
    await deliver(paidFirst);
    await deliver(event(OrderConfirmed, confirmed(c.id, second, '9000000')));
    const afterTwo = await mine(c.accessToken);
    expect(afterTwo.orderHistory).toMatchObject({ ordersCount: 2, lifetimeValue: { amountMinor: '24000000' } });
    expect(afterTwo.orderHistory.lastOrderAt).not.toBeNull();
    expect(afterTwo.segments).toEqual(['RETURNING', 'VIP']);

    // A refund comes off once, even when the bus delivers the same event twice.
    const refund = event(OrderRefunded, refunded(c.id, first, 3, '5000000'));
    await deliver(refund);
    await subgraph.running.runtime.bus!.publish(refund);
    await settled();
    expect((await mine(c.accessToken)).orderHistory).toMatchObject({ ordersCount: 2, lifetimeValue: { amountMinor: '19000000' } });
    // A redelivered confirmation adds nothing either.
    await subgraph.running.runtime.bus!.publish(paidFirst);
    await settled();
    const afterRefund = await mine(c.accessToken);
    expect(afterRefund.orderHistory).toMatchObject({ ordersCount: 2, lifetimeValue: { amountMinor: '19000000' } });
    expect(afterRefund.segments).toEqual(['RETURNING']);

    // Cancelled: the order leaves count and value, and the customer is NEW again.
    await deliver(event(OrderCancelled, cancelled(c.id, second, 3)));
    const afterCancel = await mine(c.accessToken);
    expect(afterCancel.orderHistory).toMatchObject({ ordersCount: 1, lifetimeValue: { amountMinor: '10000000' } });
    expect(afterCancel.segments).toEqual(['NEW']);

    // Out of order: the cancel (version 3) overtakes the confirmation (version 2); the older event does not bring the order back.
    await deliver(event(OrderCancelled, cancelled(c.id, third, 3)));
    await deliver(event(OrderConfirmed, confirmed(c.id, third, '7000000', 2)));
    expect((await mine(c.accessToken)).orderHistory).toMatchObject({ ordersCount: 1, lifetimeValue: { amountMinor: '10000000' } });
    const [row] = await subgraph.running.runtime.orm.em
      .fork()
      .execute<{ order_version: number; cancelled: boolean }[]>(
        `select order_version, cancelled from customer.order_history where order_id = ?`,
        [third],
      );
    expect(row).toEqual({ order_version: 3, cancelled: true });
  });

  it('a refund that overtakes its confirmation still comes off; another currency adds to the count, not the value', async () => {
    const c = await registerCustomer(subgraph, 'history-order@example.com');
    const order = randomUUID();
    await deliver(event(OrderRefunded, refunded(c.id, order, 3, '1000000')));
    expect((await mine(c.accessToken)).orderHistory.ordersCount).toBe(0);
    await deliver(event(OrderConfirmed, confirmed(c.id, order, '4000000', 2)));
    expect((await mine(c.accessToken)).orderHistory).toMatchObject({ ordersCount: 1, lifetimeValue: { amountMinor: '3000000' } });

    await deliver(event(OrderConfirmed, confirmed(c.id, randomUUID(), '5000', 2, 'USD')));
    expect((await mine(c.accessToken)).orderHistory).toMatchObject({ ordersCount: 2, lifetimeValue: { amountMinor: '3000000' } });
  });

  it('is readable by the customer and staff with customers:read, by nobody else', async () => {
    const owner = await registerCustomer(subgraph, 'history-owner@example.com');
    const other = await registerCustomer(subgraph, 'history-other@example.com');
    await deliver(event(OrderConfirmed, confirmed(owner.id, randomUUID(), '2500000')));
    const reps = { r: [{ __typename: 'Customer', id: owner.id }] };

    const admin = await subgraph.call(ENTITY, reps, { token: await adminToken(subgraph) });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!._entities[0].orderHistory).toMatchObject({ ordersCount: 1, lifetimeValue: { amountMinor: '2500000' } });

    const stranger = await subgraph.call(ENTITY, reps, { token: other.accessToken });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
