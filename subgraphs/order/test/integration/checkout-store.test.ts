import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MikroORM, type PoolSql, PreparedSql, countStatements, openDatabase } from '@shopgraph/db';
import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { CartStatus } from '../../src/domain/cart-status.js';
import { CheckoutStatus } from '../../src/domain/checkout-status.js';
import {
  type CartLineView,
  claimSession,
  closeSessions,
  completeSession,
  createOpenCart,
  expireDueSessions,
  lockOpenCart,
  lockSessionWithCart,
  moveSession,
  openCart,
  openSession,
  sessionById,
  sessionWithCart,
  writeCartLines,
} from '../../src/store/index.js';

let db: TestDatabase;
let orm: MikroORM;
let sql: PoolSql;

beforeAll(async () => {
  db = await freshDatabase('order_store');
  orm = await openDatabase({ url: db.url, schema: 'order', entities: definition.entities, migrations: definition.migrations });
  sql = await PreparedSql.of(orm.em);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

const line = (sku: string, quantity: number, seen: bigint | null = null): CartLineView => ({
  id: randomUUID(),
  sku,
  productId: randomUUID(),
  quantity,
  warehouseId: null,
  seenUnitPriceMinor: seen,
  seenCurrency: seen === null ? null : 'VND',
  createdAt: new Date(),
});

/** An owner's cart with lines and an OPEN session holding it (cart CHECKOUT), expiring in `ttlMs`. */
async function sessionOnNewCart(ttlMs = 15 * 60_000) {
  const ownerKey = `guest:${randomUUID()}`;
  const cartId = await sql.transaction(async (tx) => {
    await createOpenCart(tx, ownerKey);
    const cart = (await lockOpenCart(tx, ownerKey))!;
    await writeCartLines(tx, cart.id, [line('STORE-A', 2, 123_456_789_012n), line('STORE-B', 1)], new Date());
    return cart.id;
  });
  const address = { fullName: 'Store', line1: '1 Le Loi', city: 'District 1', region: 'Ho Chi Minh', countryCode: 'VN' };
  const session = await sql.transaction((tx) =>
    openSession(tx, {
      id: randomUUID(),
      cartId,
      ownerKey,
      customerId: null,
      currency: 'VND',
      reservationId: randomUUID(),
      expiresAt: new Date(Date.now() + ttlMs),
      shippingAddress: address,
      billingAddress: null,
    }),
  );
  return { ownerKey, cartId, session: session! };
}

describe('order store: carts and checkout sessions as plain views', () => {
  it('opens a session on an ACTIVE cart only and reads it back with its cart, lines and state in one statement', async () => {
    const { ownerKey, cartId, session } = await sessionOnNewCart();
    expect(session).toMatchObject({
      cartId,
      ownerKey,
      status: CheckoutStatus.OPEN,
      promotionCodes: [],
      loyaltyPoints: 0,
      payment: null,
      email: null,
    });
    const counter = countStatements({ schema: 'order' });
    const found = await sessionWithCart(sql, session.id);
    counter.stop();
    expect(counter.byName()).toEqual({ 'order.session-with-cart': 1 });
    expect(found!.session).toEqual(session);
    expect(found!.session.shippingAddress).toMatchObject({ city: 'District 1', countryCode: 'VN' });
    expect(found!.cart).toMatchObject({ id: cartId, ownerKey, status: CartStatus.CHECKOUT });
    expect(found!.cart.lines.map((l) => [l.sku, l.quantity, l.seenUnitPriceMinor])).toEqual([
      ['STORE-A', 2, 123_456_789_012n],
      ['STORE-B', 1, null],
    ]);
    expect(found!.cart.lines[0]!.createdAt).toBeInstanceOf(Date);
    // A cart in CHECKOUT gets no second session.
    const again = await sql.transaction((tx) => openSession(tx, { ...session, id: randomUUID(), customerId: null }));
    expect(again).toBeNull();
    expect(await sessionWithCart(sql, randomUUID())).toBeNull();
  });

  it("claims for the owner only, moves back to OPEN, and completes inside the caller's ORM transaction", async () => {
    const { ownerKey, cartId, session } = await sessionOnNewCart(60_000);
    expect(await sql.transaction((tx) => claimSession(tx, session.id, 'guest:someone-else', 900))).toBeNull();
    const claimed = await sql.transaction((tx) => claimSession(tx, session.id, ownerKey, 900));
    expect(claimed!.status).toBe(CheckoutStatus.CONFIRMING);
    expect(claimed!.expiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
    expect((await moveSession(sql, session.id, CheckoutStatus.OPEN))!.status).toBe(CheckoutStatus.OPEN);
    expect(await sql.transaction((tx) => claimSession(tx, session.id, ownerKey, 900))).not.toBeNull();

    // Rolled back with the ORM transaction it ran in: nothing changed.
    await expect(
      orm.em.fork().transactional(async (tx) => {
        expect(await completeSession(PreparedSql.ofTransaction(tx), session.id)).not.toBeNull();
        throw new Error('the order insert failed');
      }),
    ).rejects.toThrow('the order insert failed');
    expect((await sessionWithCart(sql, session.id))!).toMatchObject({
      session: { status: CheckoutStatus.CONFIRMING },
      cart: { status: CartStatus.CHECKOUT },
    });

    const completed = await orm.em.fork().transactional(async (tx) => {
      const txSql = PreparedSql.ofTransaction(tx);
      const locked = await lockSessionWithCart(txSql, session.id);
      expect(locked!.session.status).toBe(CheckoutStatus.CONFIRMING);
      return completeSession(txSql, session.id);
    });
    expect(completed!.status).toBe(CheckoutStatus.COMPLETED);
    expect((await sessionWithCart(sql, session.id))!.cart.status).toBe(CartStatus.ORDERED);
    expect(await openCart(sql, ownerKey)).toBeNull();
    expect(await sql.transaction((tx) => completeSession(tx, session.id))).toBeNull();
    expect(cartId).toBe(completed!.cartId);
  });

  it('re-opens the cart when a session is abandoned, once, and expires only sessions past their time', async () => {
    const abandoned = await sessionOnNewCart();
    const [closed, ...more] = await closeSessions(sql, [abandoned.session.id], CheckoutStatus.ABANDONED);
    expect(more).toEqual([]);
    expect(closed).toMatchObject({
      id: abandoned.session.id,
      status: CheckoutStatus.ABANDONED,
      reservationId: abandoned.session.reservationId,
    });
    expect((await openCart(sql, abandoned.ownerKey))!.status).toBe(CartStatus.ACTIVE);
    expect(await closeSessions(sql, [abandoned.session.id], CheckoutStatus.EXPIRED)).toEqual([]);

    const due = await sessionOnNewCart(1_000);
    const later = await sessionOnNewCart();
    const expired = await expireDueSessions(sql, new Date(Date.now() + 60_000), 100);
    expect(expired.map((s) => s.id)).toContain(due.session.id);
    expect(expired.map((s) => s.id)).not.toContain(later.session.id);
    expect((await sessionById(sql, due.session.id))!.status).toBe(CheckoutStatus.EXPIRED);
    expect((await openCart(sql, due.ownerKey))!.status).toBe(CartStatus.ACTIVE);
    expect((await sessionById(sql, later.session.id))!.status).toBe(CheckoutStatus.OPEN);
  });

  it('writes and removes lines of a locked cart in one statement whatever their number', async () => {
    const ownerKey = `guest:${randomUUID()}`;
    const lines = Array.from({ length: 30 }, (_, i) => line(`MANY-${String(i).padStart(2, '0')}`, i + 1));
    const counter = countStatements({ schema: 'order' });
    await sql.transaction(async (tx) => {
      await createOpenCart(tx, ownerKey);
      const cart = (await lockOpenCart(tx, ownerKey))!;
      await writeCartLines(tx, cart.id, lines, new Date());
    });
    expect(counter.byName()['order.cart-write-lines']).toBe(1);
    counter.stop();
    const cart = (await openCart(sql, ownerKey))!;
    expect(cart.lines).toHaveLength(30);
    await sql.transaction(async (tx) => {
      const locked = (await lockOpenCart(tx, ownerKey))!;
      await writeCartLines(
        tx,
        locked.id,
        [{ ...locked.lines[0]!, quantity: 99 }],
        new Date(),
        locked.lines.slice(1, 11).map((l) => l.id),
      );
    });
    const after = (await openCart(sql, ownerKey))!;
    expect(after.lines).toHaveLength(20);
    expect(after.lines[0]).toMatchObject({ sku: 'MANY-00', quantity: 99 });
  });
});
