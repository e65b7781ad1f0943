import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type MikroORM, PreparedSql, openDatabase } from '@shopgraph/db';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { fulfillmentStatusOf, lineProgress } from '../../src/domain/fulfilment.js';
import { ORDER_PROCESS, OrderState, OrderStatus, displayStatusOf } from '../../src/domain/order-process.js';
import { ReturnRequestState } from '../../src/domain/return-policy.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order, OrderItem } from '../../src/entities/index.js';
import {
  cancelFulfilment,
  createFulfilment,
  markFulfilmentDelivered,
  markFulfilmentShipped,
} from '../../src/services/fulfilment.service.js';
import { cancelInTransaction, lineFactsOf, loadOrderAggregate } from '../../src/services/order-lifecycle.service.js';
import { recordFact } from '../../src/services/payment-ledger.service.js';
import { approveReturn, declineReturn, receiveReturn, requestReturn } from '../../src/services/returns.service.js';
import { linkPaymentToOrder, openPayment } from '../../src/store/payment.sql.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await freshDatabase('order_lifecycle');
  orm = await openDatabase({ url: db.url, schema: 'order', entities: definition.entities, migrations: definition.migrations });
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

const em = () => orm.em.fork() as unknown as EntityManager;
const WAREHOUSE = randomUUID();
const anyWarehouse = async () => true;

/** A confirmed, paid order of two lines (2 and 1 units), as the confirmation saga leaves it. */
async function confirmedOrder(): Promise<string> {
  const orderId = randomUUID();
  const paymentId = randomUUID();
  await em().transactional(async (tx) => {
    const order = tx.create(Order, {
      id: orderId,
      number: `SG-P-${orderId.slice(0, 8)}`,
      cartId: randomUUID(),
      ownerKey: `guest:${randomUUID()}`,
      currency: 'VND',
      subtotalMinor: 300n,
      totalMinor: 300n,
      state: OrderState.CONFIRMED,
      status: OrderStatus.CONFIRMED,
      version: 2,
    });
    [2, 1].forEach((quantity, position) =>
      tx.create(OrderItem, {
        order,
        position,
        sku: `P-${position}`,
        productId: randomUUID(),
        name: `Line ${position}`,
        quantity,
        unitPriceMinor: 100n,
        lineTotalMinor: BigInt(100 * quantity),
      }),
    );
    await tx.flush();
    const sql = PreparedSql.ofTransaction(tx);
    await openPayment(sql, {
      id: paymentId,
      checkoutSessionId: randomUUID(),
      provider: 'paysim',
      currency: 'VND',
      amountMinor: 300n,
      cardBrand: 'VISA',
      cardLast4: '4242',
    });
    await linkPaymentToOrder(sql, paymentId, orderId);
    for (const type of ['AUTHORIZATION_SUCCESS', 'CHARGE_SUCCESS'] as const) {
      await recordFact(sql, paymentId, {
        type,
        amountMinor: 300n,
        idempotencyKey: `${paymentId}:${type}`,
        pspReference: `psp_${paymentId}`,
      });
    }
  });
  return orderId;
}

/** One thing staff or the shopper may try; indexes pick among what exists (modulo its count). */
type Command =
  | { op: 'pack'; line: number; quantity: number }
  | { op: 'ship'; index: number }
  | { op: 'deliver'; index: number }
  | { op: 'approve'; index: number }
  | { op: 'decline'; index: number }
  | { op: 'unpack'; index: number; restock: boolean }
  | { op: 'receive'; index: number; restock: boolean }
  | { op: 'return'; line: number; quantity: number }
  | { op: 'cancel' };

const index = fc.nat(3);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('pack' as const), line: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('ship' as const), index }),
  fc.record({ op: fc.constant('deliver' as const), index }),
  fc.record({ op: fc.constant('approve' as const), index }),
  fc.record({ op: fc.constant('decline' as const), index }),
  fc.record({ op: fc.constant('unpack' as const), index, restock: fc.boolean() }),
  fc.record({ op: fc.constant('receive' as const), index, restock: fc.boolean() }),
  fc.record({ op: fc.constant('return' as const), line: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }),
  fc.constant({ op: 'cancel' as const }),
);

/** Runs a command through the services; whether it was accepted. */
async function run(orderId: string, c: Command): Promise<boolean> {
  const agg = (await em().transactional((tx) => loadOrderAggregate(tx, orderId)))!;
  const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  switch (c.op) {
    case 'pack': {
      const item = agg.items[c.line]!;
      const r = await createFulfilment(
        em(),
        { orderId, lines: [{ orderItemId: item.id, quantity: c.quantity }], warehouseId: WAREHOUSE },
        anyWarehouse,
      );
      return r.userErrors.length === 0;
    }
    case 'ship':
    case 'deliver':
    case 'unpack': {
      const f = pick(agg.fulfilments, c.index);
      if (!f) return false;
      const fulfilmentId = f.id;
      let r;
      if (c.op === 'ship') r = await markFulfilmentShipped(em(), { fulfilmentId, trackingNumber: 'T' });
      else if (c.op === 'deliver') r = await markFulfilmentDelivered(em(), { fulfilmentId });
      else r = await cancelFulfilment(em(), { fulfilmentId, restock: c.restock });
      return r.userErrors.length === 0;
    }
    case 'approve':
    case 'decline':
    case 'receive': {
      const ret = pick(agg.returns, c.index);
      if (!ret) return false;
      let r;
      if (c.op === 'approve') r = await approveReturn(em(), ret.id);
      else if (c.op === 'decline') r = await declineReturn(em(), ret.id, null);
      else r = await receiveReturn(em(), ret.id, c.restock);
      return r.userErrors.length === 0;
    }
    case 'return': {
      const item = agg.items[c.line]!;
      const r = await requestReturn(em(), { orderId, lines: [{ orderItemId: item.id, quantity: c.quantity }], reason: 'property' }, 30);
      return r.userErrors.length === 0;
    }
    case 'cancel': {
      const r = await em().transactional((tx) => cancelInTransaction(tx, { orderId, actor: 'shopper', reason: null }, 30));
      return !('code' in r);
    }
  }
}

/** The order's outbox events, oldest first. */
const eventsOf = (orderId: string) =>
  em().execute<{ name: string; payload: { version: number } }[]>(
    `select "name", "payload" from "order"."outbox" where "aggregate_id" = ? order by "occurred_at", "id"`,
    [orderId],
  );

describe('order lifecycle under random staff and shopper commands', () => {
  it('keeps derived statuses, quantities, versions and terminal states consistent after every command', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        const orderId = await confirmedOrder();
        let version = 2;
        let events = 0;
        for (const c of commands) {
          const before = (await em().findOneOrFail(Order, { id: orderId })).state;
          const accepted = await run(orderId, c);
          const agg = (await em().transactional((tx) => loadOrderAggregate(tx, orderId)))!;
          const written = await eventsOf(orderId);
          // Each accepted change: one event, version + 1; a refusal changes nothing.
          expect(written).toHaveLength(events + (accepted ? 1 : 0));
          expect(agg.order.version).toBe(version + (accepted ? 1 : 0));
          if (accepted) expect(written.at(-1)!.payload.version).toBe(agg.order.version);
          version = agg.order.version;
          events = written.length;
          // Terminal states are never left.
          if (ORDER_PROCESS.isTerminal(before)) expect(agg.order.state).toBe(before);
          // The cached display status equals a recomputation from the rows.
          const lines = lineFactsOf(agg.fulfilments);
          expect(agg.order.status).toBe(displayStatusOf(agg.order.state, fulfillmentStatusOf(agg.items, lines)));
          // Quantities balance: fulfilled ≤ ordered − cancelled, asked back ≤ delivered.
          const progress = lineProgress(agg.items, lines);
          for (const p of progress.values()) expect(p.fulfilled).toBeLessThanOrEqual(p.ordered - p.cancelled);
          for (const [itemId, p] of progress) {
            const asked = agg.returns
              .filter((r) => r.state !== ReturnRequestState.DECLINED)
              .flatMap((r) => r.lines)
              .filter((l) => l.orderItemId === itemId)
              .reduce((n, l) => n + l.quantity, 0);
            expect(asked).toBeLessThanOrEqual(p.delivered);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
