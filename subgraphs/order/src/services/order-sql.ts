import type { EntityManager } from '@mikro-orm/postgresql';
import { inPoolTransaction, poolOf } from '@shopgraph/db';
import type pg from 'pg';
import { CartStatus } from '../domain/cart-status.js';
import { CheckoutStatus } from '../domain/checkout-status.js';
import type { CheckoutChanges } from '../domain/checkout-update.js';
import { CheckoutSession } from '../entities/index.js';
import type { CartLineView, CartView } from './cart-pricing.service.js';

/** Lines as a cart's `lines` collection reads them. */
export const rowsOf = (lines: CartLineView[]) => ({ getItems: () => lines });

/**
 * SQL of the cart and checkout hot paths (the ORM stays on every other path). Statements go straight
 * to the ORM's `pg` pool as named prepared statements, so PostgreSQL plans each once per connection
 * and no entity is hydrated or change-set computed for what is only read or written once.
 */

async function run<R extends pg.QueryResultRow>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await (await poolOf(em)).query<R>({ name: `order.${name}`, text, values })).rows;
}

/** A line of the owner's open cart as an add-to-cart predicts from (no lock, no entity). */
export interface LineSnapshot {
  sku: string;
  quantity: number;
  warehouseId: string | null;
}

/**
 * The lines of the owner's open cart (ACTIVE or CHECKOUT), in the cart's line order, in one
 * statement; empty without a cart. Only a prediction: the locked transaction reads the lines again.
 */
export async function openCartLines(em: EntityManager, ownerKey: string): Promise<LineSnapshot[]> {
  const rows = await run<{ sku: string; quantity: number; warehouse_id: string | null }>(
    em,
    'open_cart_lines',
    `select l.sku, l.quantity, l.warehouse_id
       from "order"."cart" c join "order"."cart_line" l on l.cart_id = c.id
      where c.owner_key = $1 and c.status in ('ACTIVE', 'CHECKOUT')
      order by l.created_at asc, l.sku asc`,
    [ownerKey],
  );
  return rows.map((r) => ({ sku: r.sku, quantity: r.quantity, warehouseId: r.warehouse_id }));
}

interface SessionRow {
  id: string;
  cart_id: string;
  owner_key: string;
  customer_id: string | null;
  status: CheckoutStatus;
  currency: string;
  reservation_id: string;
  expires_at: Date | string;
  shipping_address: CheckoutSession['shippingAddress'];
  billing_address: CheckoutSession['billingAddress'];
  shipping_method_code: string | null;
  payment: CheckoutSession['payment'];
  promotion_codes: string[];
  loyalty_points: number;
  notes: string | null;
  email: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

// The ORM's pool may hand timestamps and JSON back as text: both are read either way.
const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const asJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A session row as a detached entity (read and written by SQL here, never flushed). */
function sessionFromRow(r: SessionRow): CheckoutSession {
  return Object.assign(new CheckoutSession(), {
    id: r.id,
    cartId: r.cart_id,
    ownerKey: r.owner_key,
    customerId: r.customer_id,
    status: r.status,
    currency: r.currency,
    reservationId: r.reservation_id,
    expiresAt: asDate(r.expires_at),
    shippingAddress: asJson(r.shipping_address),
    billingAddress: asJson(r.billing_address),
    shippingMethodCode: r.shipping_method_code,
    payment: asJson(r.payment),
    promotionCodes: asJson(r.promotion_codes),
    loyaltyPoints: r.loyalty_points,
    notes: r.notes,
    email: r.email,
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
  });
}

const SESSION_COLUMNS = `s.id, s.cart_id, s.owner_key, s.customer_id, s.status, s.currency, s.reservation_id, s.shipping_address, s.billing_address,
  s.shipping_method_code, s.payment, s.promotion_codes, s.loyalty_points, s.notes, s.email,
  to_json(s.expires_at) as expires_at, to_json(s.created_at) as created_at, to_json(s.updated_at) as updated_at`;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Writes an update's changes to an OPEN, unexpired session in ONE statement and returns the
 * session as now stored (a detached entity), or null when it is no longer OPEN or its time ran out
 * by `now`. The UPDATE locks the row and PostgreSQL re-checks the WHERE on the row's latest
 * version, which is what `SELECT … FOR UPDATE`, the check and the write did in a transaction;
 * fields the update leaves out keep their stored value (the method is always written: a new
 * destination may clear it).
 */
export async function saveCheckoutChanges(em: EntityManager, id: string, changes: CheckoutChanges, shippingMethodCode: string | null, now: Date = new Date()): Promise<CheckoutSession | null> {
  const has = (key: keyof CheckoutChanges) => changes[key] !== undefined;
  const rows = await run<SessionRow>(
    em,
    'save_checkout_changes',
    `update "order"."checkout_session" s set
        shipping_address = case when $2::boolean then $3::jsonb else shipping_address end,
        billing_address = case when $4::boolean then $5::jsonb else billing_address end,
        shipping_method_code = $6::varchar,
        payment = case when $7::boolean then $8::jsonb else payment end,
        promotion_codes = case when $9::boolean then $10::jsonb else promotion_codes end,
        loyalty_points = case when $11::boolean then $12::int else loyalty_points end,
        notes = case when $13::boolean then $14::text else notes end,
        email = case when $15::boolean then $16::varchar else email end,
        updated_at = $17::timestamptz
      where s.id = $1 and s.status = '${CheckoutStatus.OPEN}' and s.expires_at > $17::timestamptz
      returning ${SESSION_COLUMNS}`,
    [
      id,
      has('shippingAddress'),
      json(changes.shippingAddress),
      has('billingAddress'),
      json(changes.billingAddress),
      shippingMethodCode,
      has('payment'),
      json(changes.payment),
      has('promotionCodes'),
      json(changes.promotionCodes),
      has('loyaltyPoints'),
      changes.loyaltyPoints ?? null,
      has('notes'),
      changes.notes ?? null,
      has('email'),
      changes.email ?? null,
      now,
    ],
  );
  const r = rows[0];
  return r ? sessionFromRow(r) : null;
}

/** A cart line row, as add-to-cart reads and writes it. */
export interface CartLineRow {
  id: string;
  sku: string;
  productId: string;
  quantity: number;
  warehouseId: string | null;
  seenUnitPriceMinor: bigint | null;
  seenCurrency: string | null;
  createdAt: Date;
}

/** The owner's open cart, row-locked, with its lines read after the lock. */
export interface LockedCart {
  id: string;
  ownerKey: string;
  status: CartStatus;
  updatedAt: Date;
  lines: CartLineRow[];
}

async function query<R extends pg.QueryResultRow>(client: pg.PoolClient, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await client.query<R>({ name: `order.${name}`, text, values })).rows;
}

/**
 * Runs `change` in a transaction on the owner's open cart, created if needed (ACTIVE) and locked
 * with FOR UPDATE for the whole transaction, so concurrent changes of one cart queue up instead of
 * losing one another: the lines are read in a statement AFTER the lock is held, so they include
 * whatever the transaction that held it before committed. `change` gets null when the owner has
 * no open cart (another status raced the insert). Commits what `change` wrote unless it throws.
 */
export async function withLockedOpenCart<T>(em: EntityManager, ownerKey: string, change: (client: pg.PoolClient, cart: LockedCart | null) => Promise<T>): Promise<T> {
  return inPoolTransaction(await poolOf(em), async (client) => {
    await query(
      client,
      'cart_create_open',
      `insert into "order"."cart" (id, owner_key, status, created_at, updated_at) values (gen_random_uuid(), $1, '${CartStatus.ACTIVE}', now(), now()) on conflict do nothing`,
      [ownerKey],
    );
    const [cart] = await query<{ id: string; owner_key: string; status: CartStatus; updated_at: Date | string }>(
      client,
      'cart_lock_open',
      `select id, owner_key, status, to_json(updated_at) as updated_at from "order"."cart"
        where owner_key = $1 and status in ('${CartStatus.ACTIVE}', '${CartStatus.CHECKOUT}') for update`,
      [ownerKey],
    );
    let locked: LockedCart | null = null;
    if (cart) {
      const lines = await query<{ id: string; sku: string; product_id: string; quantity: number; warehouse_id: string | null; seen_unit_price_minor: string | null; seen_currency: string | null; created_at: Date | string }>(
        client,
        'cart_lines_of',
        `select l.id, l.sku, l.product_id, l.quantity, l.warehouse_id, l.seen_unit_price_minor::text as seen_unit_price_minor, l.seen_currency, to_json(l.created_at) as created_at
           from "order"."cart_line" l where l.cart_id = $1 order by l.created_at asc, l.sku asc`,
        [cart.id],
      );
      locked = {
        id: cart.id,
        ownerKey: cart.owner_key,
        status: cart.status,
        updatedAt: asDate(cart.updated_at),
        lines: lines.map((l) => ({
          id: l.id,
          sku: l.sku,
          productId: l.product_id,
          quantity: l.quantity,
          warehouseId: l.warehouse_id,
          seenUnitPriceMinor: l.seen_unit_price_minor === null ? null : BigInt(l.seen_unit_price_minor),
          seenCurrency: l.seen_currency,
          createdAt: asDate(l.created_at),
        })),
      };
    }
    return change(client, locked);
  });
}

/**
 * Writes one line of a locked cart (inserted when its id is new, else its quantity, warehouse and
 * seen price updated) and the cart's `updatedAt`, in one statement.
 */
export async function writeCartLine(client: pg.PoolClient, cartId: string, line: CartLineRow, updatedAt: Date): Promise<void> {
  await query(
    client,
    'cart_line_write',
    `with line as (
       insert into "order"."cart_line" (id, cart_id, sku, product_id, quantity, warehouse_id, seen_unit_price_minor, seen_currency, created_at)
       values ($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9)
       on conflict (id) do update set quantity = excluded.quantity, warehouse_id = excluded.warehouse_id,
         seen_unit_price_minor = excluded.seen_unit_price_minor, seen_currency = excluded.seen_currency
       returning id)
     update "order"."cart" set updated_at = $10 where id = $2 and exists (select 1 from line)`,
    [line.id, cartId, line.sku, line.productId, line.quantity, line.warehouseId, line.seenUnitPriceMinor === null ? null : line.seenUnitPriceMinor.toString(), line.seenCurrency, line.createdAt, updatedAt],
  );
}

/** A session with its cart and the cart's lines, read together. */
export interface SessionWithCart {
  session: CheckoutSession;
  cart: CartView;
}

/**
 * A checkout session by id with its cart and lines in ONE statement (one snapshot), without
 * entities; null for an unknown id. Callers apply the access and expiry rules of `findSession`.
 */
export async function sessionWithCart(em: EntityManager, id: string): Promise<SessionWithCart | null> {
  const rows = await run<SessionRow & { cart_owner_key: string; cart_status: CartStatus; cart_updated_at: Date | string; cart_lines: unknown }>(
    em,
    'session_with_cart',
    `select ${SESSION_COLUMNS}, c.owner_key as cart_owner_key, c.status as cart_status, to_json(c.updated_at) as cart_updated_at,
        coalesce((select json_agg(json_build_object('id', l.id, 'sku', l.sku, 'productId', l.product_id, 'quantity', l.quantity,
                    'warehouseId', l.warehouse_id, 'seenUnitPriceMinor', l.seen_unit_price_minor::text, 'seenCurrency', l.seen_currency,
                    'createdAt', l.created_at) order by l.created_at asc, l.sku asc)
                  from "order"."cart_line" l where l.cart_id = c.id), '[]'::json) as cart_lines
       from "order"."checkout_session" s join "order"."cart" c on c.id = s.cart_id
      where s.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const lines = asJson(r.cart_lines as string | { id: string; sku: string; productId: string; quantity: number; warehouseId: string | null; seenUnitPriceMinor: string | null; seenCurrency: string | null; createdAt: string }[]);
  return {
    session: sessionFromRow(r),
    cart: {
      id: r.cart_id,
      ownerKey: r.cart_owner_key,
      status: r.cart_status,
      updatedAt: asDate(r.cart_updated_at),
      lines: rowsOf(lines.map((l) => ({ ...l, seenUnitPriceMinor: l.seenUnitPriceMinor === null ? null : BigInt(l.seenUnitPriceMinor), createdAt: new Date(l.createdAt) }))),
    },
  };
}
