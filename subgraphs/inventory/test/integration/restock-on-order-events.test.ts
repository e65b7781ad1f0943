import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { OrderCancelled, OrderFulfilmentCancelled, OrderRefunded, type OrderRestockLine, OrderReturnReceived } from '@shopgraph/contracts';
import { type EventDescriptor, createEnvelope } from '@shopgraph/events';
import { waitFor } from '@shopgraph/saga';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { StockMovementKind, Warehouse } from '../../src/entities/index.js';
import { ORDER_EVENTS_CONSUMER } from '../../src/events/order-events.handler.js';
import { confirm, reserve } from '../../src/services/reservation.service.js';
import { adjustStock } from '../../src/services/stock.service.js';

/** Issue 18 item 4: the inventory subgraph puts units back on the shelf from the order events, once per event. */
describe('restock from order events', () => {
  let database: TestDatabase;
  let running: StartedSubgraph;
  let w1: Warehouse;
  let w2: Warehouse;
  const em = (): EntityManager => running.runtime.orm.em.fork() as EntityManager;

  beforeAll(async () => {
    database = await freshDatabase('inventory');
    const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
    running = await startSubgraph(definition, { config, port: 0, databaseUrl: database.url, publicKey: generateKeyPairPem().publicKey });
    const fork = em();
    w1 = fork.create(Warehouse, { code: 'W1', name: 'First', country: 'VN', priority: 1 });
    w2 = fork.create(Warehouse, { code: 'W2', name: 'Second', country: 'VN', priority: 2 });
    await fork.flush();
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  const receive = async (sku: string, warehouse: Warehouse, quantity: number) => {
    const result = await adjustStock(em(), { sku, warehouseId: warehouse.id, quantityDelta: quantity, kind: StockMovementKind.RECEIPT });
    expect(result.userErrors).toEqual([]);
  };
  /** Reserves and confirms `lines` (units leave on-hand), as a paid order's checkout does; returns the reservation id. */
  const paidReservation = async (lines: { sku: string; quantity: number; warehouseId?: string }[]) => {
    const key = randomUUID();
    const held = await reserve(em(), { lines, owner: `checkout-${key}`, idempotencyKey: key, ttlSeconds: 60 });
    expect(held.userErrors).toEqual([]);
    const confirmed = await confirm(em(), held.reservation!.id);
    expect(confirmed.userErrors).toEqual([]);
    return held.reservation!.id;
  };
  const publish = async <P>(descriptor: EventDescriptor<P>, aggregateId: string, payload: P) => {
    const envelope = createEnvelope(descriptor, { producer: 'order', aggregateId, payload });
    await running.runtime.bus!.publish(envelope);
    return envelope;
  };
  const rows = <R>(text: string, values: unknown[] = []) => em().execute<R[]>(text, values);
  const applied = (eventId: string) =>
    waitFor(
      async () =>
        (await rows(`select 1 from inventory.inbox where consumer = ? and event_id = ?`, [ORDER_EVENTS_CONSUMER, eventId])).length === 1,
    );
  const settled = () =>
    waitFor(async () => {
      const counts = await running.runtime.bus!.jobs.jobCounts(ORDER_EVENTS_CONSUMER);
      return counts.waiting === 0 && counts.active === 0;
    });
  /** Per warehouse code: on hand, reserved, and the sums of the movements (the ledger). */
  const levels = async (sku: string) =>
    Object.fromEntries(
      (
        await rows<{ code: string; on_hand: number; reserved: number; moved_on_hand: string; moved_reserved: string }>(
          `select w.code, l.on_hand, l.reserved,
             (select coalesce(sum(m.on_hand_delta), 0) from inventory.stock_movement m where m.sku = l.sku and m.warehouse_id = l.warehouse_id) as moved_on_hand,
             (select coalesce(sum(m.reserved_delta), 0) from inventory.stock_movement m where m.sku = l.sku and m.warehouse_id = l.warehouse_id) as moved_reserved
           from inventory.stock_level l join inventory.warehouse w on w.id = l.warehouse_id where l.sku = ?`,
          [sku],
        )
      ).map((r) => [
        r.code,
        { onHand: r.on_hand, reserved: r.reserved, ledgerOnHand: Number(r.moved_on_hand), ledgerReserved: Number(r.moved_reserved) },
      ]),
    );
  const restockMovements = (orderId: string) =>
    rows<{ sku: string; code: string; kind: string; on_hand_delta: number; reason: string }>(
      `select m.sku, w.code, m.kind, m.on_hand_delta, m.reason from inventory.stock_movement m join inventory.warehouse w on w.id = m.warehouse_id
        where m.reason like ? order by m.sku, w.code`,
      [`RESTOCK order ${orderId} %`],
    );
  const cancelled = (orderId: string, reservationId: string | null, restock: OrderRestockLine[]) => ({
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    version: 3,
    customerId: null,
    email: 'shopper@example.com',
    currency: 'VND',
    refundedMinor: '0',
    voidedMinor: '100000',
    reason: null,
    reservationId,
    restock,
    promotionIds: [],
    usageGivenBack: false,
    loyaltyReversed: false,
  });

  it('a cancelled order puts its units back where the reservation took them, once even when the event comes twice', async () => {
    // 1 unit in W1 and 5 in W2: a reservation of 3 takes 1 from W1 and 2 from W2.
    await receive('RS-1', w1, 1);
    await receive('RS-1', w2, 5);
    const reservationId = await paidReservation([{ sku: 'RS-1', quantity: 3 }]);
    expect(await levels('RS-1')).toEqual({
      W1: { onHand: 0, reserved: 0, ledgerOnHand: 0, ledgerReserved: 0 },
      W2: { onHand: 3, reserved: 0, ledgerOnHand: 3, ledgerReserved: 0 },
    });
    const orderId = randomUUID();
    const event = await publish(
      OrderCancelled,
      orderId,
      cancelled(orderId, reservationId, [{ sku: 'RS-1', productId: 'p-1', quantity: 3, warehouseId: null }]),
    );
    await applied(event.id);
    const restored = {
      W1: { onHand: 1, reserved: 0, ledgerOnHand: 1, ledgerReserved: 0 },
      W2: { onHand: 5, reserved: 0, ledgerOnHand: 5, ledgerReserved: 0 },
    };
    expect(await levels('RS-1')).toEqual(restored);
    expect(await restockMovements(orderId)).toEqual([
      { sku: 'RS-1', code: 'W1', kind: 'RETURN', on_hand_delta: 1, reason: `RESTOCK order ${orderId} (order.cancelled)` },
      { sku: 'RS-1', code: 'W2', kind: 'RETURN', on_hand_delta: 2, reason: `RESTOCK order ${orderId} (order.cancelled)` },
    ]);

    // The same envelope again (a redelivery): handled, and nothing changes.
    await running.runtime.bus!.publish(event);
    await settled();
    expect(await levels('RS-1')).toEqual(restored);
    expect(await restockMovements(orderId)).toHaveLength(2);
  });

  it('refunds, received returns and cancelled fulfilments restock their lines, in the named warehouse or the first that stocks the SKU', async () => {
    await receive('RS-2', w1, 4);
    await receive('RS-3', w2, 4);
    await paidReservation([
      { sku: 'RS-2', quantity: 2 },
      { sku: 'RS-3', quantity: 3 },
    ]);
    const orderId = randomUUID();
    const base = { orderId, number: `SG-${orderId.slice(0, 6)}`, customerId: null };
    const refund = await publish(OrderRefunded, orderId, {
      ...base,
      version: 4,
      email: null,
      refundId: randomUUID(),
      currency: 'VND',
      amountMinor: '5000',
      reason: 'damaged',
      restock: [{ sku: 'RS-2', productId: 'p-2', quantity: 1, warehouseId: null }],
    });
    const returned = await publish(OrderReturnReceived, orderId, {
      ...base,
      version: 5,
      lines: [{ sku: 'RS-3', productId: 'p-3', quantity: 1 }],
      restock: [{ sku: 'RS-3', productId: 'p-3', quantity: 1, warehouseId: null }],
    });
    const fulfilment = await publish(OrderFulfilmentCancelled, orderId, {
      ...base,
      version: 6,
      fulfilmentId: randomUUID(),
      restock: [{ sku: 'RS-3', productId: 'p-3', quantity: 2, warehouseId: w1.id }],
    });
    // Kept off the shelf: nothing to restock, nothing recorded.
    const kept = await publish(OrderReturnReceived, orderId, {
      ...base,
      version: 7,
      lines: [{ sku: 'RS-2', productId: 'p-2', quantity: 1 }],
      restock: [],
    });
    for (const e of [refund, returned, fulfilment]) await applied(e.id);
    await settled();

    expect(await levels('RS-2')).toEqual({ W1: { onHand: 3, reserved: 0, ledgerOnHand: 3, ledgerReserved: 0 } });
    expect(await levels('RS-3')).toEqual({
      W1: { onHand: 2, reserved: 0, ledgerOnHand: 2, ledgerReserved: 0 },
      W2: { onHand: 2, reserved: 0, ledgerOnHand: 2, ledgerReserved: 0 },
    });
    expect(await restockMovements(orderId)).toEqual([
      { sku: 'RS-2', code: 'W1', kind: 'RETURN', on_hand_delta: 1, reason: `RESTOCK order ${orderId} (order.refunded)` },
      { sku: 'RS-3', code: 'W1', kind: 'RETURN', on_hand_delta: 2, reason: `RESTOCK order ${orderId} (order.fulfilment-cancelled)` },
      { sku: 'RS-3', code: 'W2', kind: 'RETURN', on_hand_delta: 1, reason: `RESTOCK order ${orderId} (order.return-received)` },
    ]);
    expect(await rows(`select 1 from inventory.inbox where event_id = ?`, [kept.id])).toEqual([]);

    // Every one of them redelivered: stock stays where it is.
    for (const e of [refund, returned, fulfilment]) await running.runtime.bus!.publish(e);
    await settled();
    expect((await levels('RS-3')).W1!.onHand).toBe(2);
    expect((await levels('RS-2')).W1!.onHand).toBe(3);
    expect(await restockMovements(orderId)).toHaveLength(3);
  });
});
