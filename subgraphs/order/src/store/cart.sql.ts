import type { PreparedSql, TxSql } from '@shopgraph/db';
import { CartStatus, OPEN_CART_STATUSES } from '../domain/cart-status.js';
import { CART_COLUMNS, type CartLineView, type CartRow, type CartView, cartOf } from './rows.js';

/**
 * The one access path of the cart aggregate (tables `cart` and `cart_line`): every read and
 * write of a cart goes through these statements, run by `PreparedSql` on the pool or inside the
 * caller's transaction. Statements are named `order.cart-*`.
 */

/** Where an open cart (the owner's current one: at most one per owner) may be. */
const OPEN = `(${OPEN_CART_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** A line of the owner's open cart as an add-to-cart predicts from (no lock). */
export interface LineSnapshot {
  sku: string;
  quantity: number;
  warehouseId: string | null;
}

/**
 * The lines of the owner's open cart (ACTIVE or CHECKOUT), in the cart's line order, in one
 * statement; empty without a cart. Only a prediction: a locked transaction reads the lines again.
 */
export async function openCartLines(sql: PreparedSql, ownerKey: string): Promise<LineSnapshot[]> {
  const rows = await sql.rows<{ sku: string; quantity: number; warehouse_id: string | null }>(
    'order.cart-open-lines',
    `select l.sku, l.quantity, l.warehouse_id
       from "order"."cart" c join "order"."cart_line" l on l.cart_id = c.id
      where c.owner_key = $1 and c.status in ${OPEN}
      order by l.created_at asc, l.sku asc`,
    [ownerKey],
  );
  return rows.map((r) => ({ sku: r.sku, quantity: r.quantity, warehouseId: r.warehouse_id }));
}

/** The owner's open cart (ACTIVE, or CHECKOUT while a session holds it) with its lines, in one statement. */
export async function openCart(sql: PreparedSql, ownerKey: string): Promise<CartView | null> {
  const row = await sql.row<CartRow>(
    'order.cart-open',
    `select ${CART_COLUMNS} from "order"."cart" c where c.owner_key = $1 and c.status in ${OPEN}`,
    [ownerKey],
  );
  return row ? cartOf(row) : null;
}

/** Open carts of many owners, with lines, in one statement. */
export async function openCartsOf(sql: PreparedSql, ownerKeys: readonly string[]): Promise<CartView[]> {
  const rows = await sql.rows<CartRow>(
    'order.cart-open-of-owners',
    `select ${CART_COLUMNS} from "order"."cart" c where c.owner_key = any($1::text[]) and c.status in ${OPEN}`,
    [ownerKeys],
  );
  return rows.map(cartOf);
}

/** Carts by id (any status), with lines, in one statement. */
export async function cartsByIds(sql: PreparedSql, ids: readonly string[]): Promise<CartView[]> {
  const rows = await sql.rows<CartRow>('order.cart-by-ids', `select ${CART_COLUMNS} from "order"."cart" c where c.id = any($1::uuid[])`, [
    ids,
  ]);
  return rows.map(cartOf);
}

/** Creates the owner's open cart (ACTIVE) unless they have one. */
export async function createOpenCart(tx: PreparedSql, ownerKey: string): Promise<void> {
  await tx.rows(
    'order.cart-create-open',
    `insert into "order"."cart" (id, owner_key, status, created_at, updated_at) values (gen_random_uuid(), $1, '${CartStatus.ACTIVE}', now(), now()) on conflict do nothing`,
    [ownerKey],
  );
}

/**
 * The owner's open cart row-locked (FOR UPDATE) until the transaction ends, with its lines read
 * in a statement AFTER the lock is held, so they include whatever the transaction that held it
 * before committed; null when the owner has no open cart.
 */
export async function lockOpenCart(tx: TxSql, ownerKey: string): Promise<CartView | null> {
  const locked = await tx.row<{ id: string }>(
    'order.cart-lock-open',
    `select id from "order"."cart" where owner_key = $1 and status in ${OPEN} for update`,
    [ownerKey],
  );
  return locked ? cartWithLines(tx, locked.id) : null;
}

/** A cart row-locked (FOR UPDATE) until the transaction ends, with its lines read after the lock; null for an unknown id. */
export async function lockCart(tx: TxSql, id: string): Promise<CartView | null> {
  const locked = await tx.row<{ id: string }>('order.cart-lock', `select id from "order"."cart" where id = $1 for update`, [id]);
  return locked ? cartWithLines(tx, locked.id) : null;
}

async function cartWithLines(tx: TxSql, id: string): Promise<CartView | null> {
  const row = await tx.row<CartRow>('order.cart-by-id', `select ${CART_COLUMNS} from "order"."cart" c where c.id = $1`, [id]);
  return row ? cartOf(row) : null;
}

/**
 * Writes lines of a cart in one statement whatever their number (each inserted when its id is
 * new, else its quantity, warehouse and seen price updated), deletes the lines `removedIds`, and
 * sets the cart's `updatedAt`. Run it on a cart locked in the same transaction.
 */
export async function writeCartLines(
  tx: PreparedSql,
  cartId: string,
  lines: readonly CartLineView[],
  updatedAt: Date,
  removedIds: readonly string[] = [],
): Promise<void> {
  await tx.rows(
    'order.cart-write-lines',
    `with removed as (
       delete from "order"."cart_line" where cart_id = $1 and id = any($10::uuid[])
     ), written as (
       insert into "order"."cart_line" (id, cart_id, sku, product_id, quantity, warehouse_id, seen_unit_price_minor, seen_currency, created_at)
       select l.id, $1, l.sku, l.product_id, l.quantity, l.warehouse_id, l.seen_unit_price_minor, l.seen_currency, l.created_at
         from unnest($2::uuid[], $3::text[], $4::uuid[], $5::int[], $6::uuid[], $7::bigint[], $8::text[], $9::timestamptz[])
           as l(id, sku, product_id, quantity, warehouse_id, seen_unit_price_minor, seen_currency, created_at)
       on conflict (id) do update set quantity = excluded.quantity, warehouse_id = excluded.warehouse_id,
         seen_unit_price_minor = excluded.seen_unit_price_minor, seen_currency = excluded.seen_currency
     )
     update "order"."cart" set updated_at = $11 where id = $1`,
    [
      cartId,
      lines.map((l) => l.id),
      lines.map((l) => l.sku),
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.warehouseId),
      lines.map((l) => (l.seenUnitPriceMinor === null ? null : l.seenUnitPriceMinor.toString())),
      lines.map((l) => l.seenCurrency),
      lines.map((l) => l.createdAt),
      removedIds,
      updatedAt,
    ],
  );
}

/** Marks a guest cart MERGED into `intoId` (which makes the merge idempotent). */
export async function markCartMerged(tx: TxSql, cartId: string, intoId: string): Promise<void> {
  await tx.rows(
    'order.cart-mark-merged',
    `update "order"."cart" set status = '${CartStatus.MERGED}', merged_into_id = $2, updated_at = now() where id = $1`,
    [cartId, intoId],
  );
}

/** Moves a cart from one status to another; false when it was not in `from` (nothing changed). */
export async function moveCart(tx: PreparedSql, cartId: string, from: CartStatus, to: CartStatus): Promise<boolean> {
  const moved = await tx.rows(
    'order.cart-move',
    `update "order"."cart" set status = $3, updated_at = now() where id = $1 and status = $2 returning id`,
    [cartId, from, to],
  );
  return moved.length > 0;
}
