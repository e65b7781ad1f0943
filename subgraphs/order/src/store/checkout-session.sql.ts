import type { PreparedSql, TxSql } from '@shopgraph/db';
import { CartStatus } from '../domain/cart-status.js';
import type { CheckoutAddress } from '../domain/checkout-state.js';
import { CheckoutStatus, canMoveCheckout } from '../domain/checkout-status.js';
import type { CheckoutChanges } from '../domain/checkout-update.js';
import {
  CART_COLUMNS,
  type CartRow,
  type CheckoutSessionView,
  SESSION_COLUMNS,
  type SessionRow,
  type SessionWithCart,
  cartOf,
  json,
  sessionOf,
} from './rows.js';

/**
 * The one access path of the checkout-session aggregate (table `checkout_session`, and the
 * status of the cart it holds): every read and write goes through these statements, run by
 * `PreparedSql` on the pool or inside the caller's transaction. Statements are named
 * `order.session-*`. A session leaves OPEN only here, and its cart moves with it.
 */

/** The statuses a session may move to `to` from, as the state table says (a statement parameter). */
const sourcesOf = (to: CheckoutStatus) => Object.values(CheckoutStatus).filter((from) => canMoveCheckout(from, to));

const WITH_CART = `select ${SESSION_COLUMNS}, row_to_json(cart) as cart
  from "order"."checkout_session" s
  cross join lateral (select ${CART_COLUMNS} from "order"."cart" c where c.id = s.cart_id) cart
  where s.id = $1`;

const withCartOf = (r: SessionRow & { cart: CartRow }): SessionWithCart => ({ session: sessionOf(r), cart: cartOf(r.cart) });

/**
 * A session with its cart and the cart's lines in ONE statement (one snapshot): its state
 * (addresses, shipping method, payment, email, promotion codes, points) and owner; null for an
 * unknown id. Callers apply the access and expiry rules.
 */
export async function sessionWithCart(sql: PreparedSql, id: string): Promise<SessionWithCart | null> {
  const row = await sql.row<SessionRow & { cart: CartRow }>('order.session-with-cart', WITH_CART, [id]);
  return row ? withCartOf(row) : null;
}

/**
 * `sessionWithCart`, with the session and cart rows locked (FOR UPDATE) until the transaction
 * ends: what a confirmation re-reads inside its transaction before deciding anything.
 */
export async function lockSessionWithCart(tx: TxSql, id: string): Promise<SessionWithCart | null> {
  const locked = await tx.row(
    'order.session-lock',
    `select s.id from "order"."checkout_session" s join "order"."cart" c on c.id = s.cart_id where s.id = $1 for update of s, c`,
    [id],
  );
  return locked ? sessionWithCart(tx, id) : null;
}

/** A session by id, without its cart; null for an unknown id. */
export async function sessionById(sql: PreparedSql, id: string): Promise<CheckoutSessionView | null> {
  const row = await sql.row<SessionRow>(
    'order.session-by-id',
    `select ${SESSION_COLUMNS} from "order"."checkout_session" s where s.id = $1`,
    [id],
  );
  return row ? sessionOf(row) : null;
}

/** The OPEN session holding a cart, if any. */
export async function openSessionOfCart(sql: PreparedSql, cartId: string): Promise<CheckoutSessionView | null> {
  const row = await sql.row<SessionRow>(
    'order.session-open-of-cart',
    `select ${SESSION_COLUMNS} from "order"."checkout_session" s where s.cart_id = $1 and s.status = '${CheckoutStatus.OPEN}'`,
    [cartId],
  );
  return row ? sessionOf(row) : null;
}

/** What a new session starts with. */
export interface NewSession {
  id: string;
  cartId: string;
  ownerKey: string;
  customerId: string | null;
  currency: string;
  reservationId: string;
  expiresAt: Date;
  shippingAddress: CheckoutAddress | null;
  billingAddress: CheckoutAddress | null;
}

/**
 * Opens a session on an ACTIVE cart and moves the cart to CHECKOUT, in one statement; null (and
 * nothing written) when the cart is not ACTIVE. Run it on a cart locked in the same transaction.
 */
export async function openSession(tx: PreparedSql, s: NewSession): Promise<CheckoutSessionView | null> {
  const row = await tx.row<SessionRow>(
    'order.session-open',
    `with cart as (
       update "order"."cart" set status = '${CartStatus.CHECKOUT}', updated_at = now() where id = $2 and status = '${CartStatus.ACTIVE}' returning id
     ), s as (
       insert into "order"."checkout_session" (id, cart_id, owner_key, customer_id, status, currency, reservation_id, expires_at,
         shipping_address, billing_address, promotion_codes, loyalty_points, created_at, updated_at)
       select $1, cart.id, $3, $4, '${CheckoutStatus.OPEN}', $5, $6, $7, $8::jsonb, $9::jsonb, '[]'::jsonb, 0, now(), now() from cart
       returning *
     )
     select ${SESSION_COLUMNS} from s`,
    [s.id, s.cartId, s.ownerKey, s.customerId, s.currency, s.reservationId, s.expiresAt, json(s.shippingAddress), json(s.billingAddress)],
  );
  return row ? sessionOf(row) : null;
}

/**
 * Writes an update's changes to an OPEN, unexpired session in ONE statement and returns the
 * session as now stored, or null when it is no longer OPEN or its time ran out by `now`. The
 * UPDATE locks the row and PostgreSQL re-checks the WHERE on the row's latest version, which is
 * what `SELECT … FOR UPDATE`, the check and the write did in a transaction; fields the update
 * leaves out keep their stored value (the method is always written: a new destination may clear it).
 */
export async function saveCheckoutChanges(
  sql: PreparedSql,
  id: string,
  changes: CheckoutChanges,
  shippingMethodCode: string | null,
  now: Date = new Date(),
): Promise<CheckoutSessionView | null> {
  const has = (key: keyof CheckoutChanges) => changes[key] !== undefined;
  const row = await sql.row<SessionRow>(
    'order.session-save-changes',
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
  return row ? sessionOf(row) : null;
}

/** How a session closes without an order. */
export type ReopenStatus = CheckoutStatus.ABANDONED | CheckoutStatus.EXPIRED;

/**
 * Closes the sessions `closing` selects that may move to `$1` (`$2`: the statuses it may come
 * from), reopening their carts (CHECKOUT → ACTIVE), and returns them.
 */
const closeAndReopen = (closing: string) => `with closing as (${closing}), closed as (
    update "order"."checkout_session" s set status = $1, updated_at = now()
      from closing where s.id = closing.id and s.status = any($2::"order"."checkout_status"[])
    returning s.*
  ), reopened as (
    update "order"."cart" c set status = '${CartStatus.ACTIVE}', updated_at = now()
      from closed where c.id = closed.cart_id and c.status = '${CartStatus.CHECKOUT}'
  )
  select ${SESSION_COLUMNS} from closed s`;

/**
 * Re-opens carts: moves the sessions among `ids` that may go to ABANDONED or EXPIRED (OPEN ones)
 * there and their carts back to ACTIVE, in one statement (the UPDATE locks each row and re-checks
 * its status, so a session closes once). Returns the sessions it closed: release their stock
 * after the commit.
 */
export async function closeSessions(sql: PreparedSql, ids: readonly string[], to: ReopenStatus): Promise<CheckoutSessionView[]> {
  const rows = await sql.rows<SessionRow>('order.session-close', closeAndReopen(`select unnest($3::uuid[]) as id`), [
    to,
    sourcesOf(to),
    ids,
  ]);
  return rows.map(sessionOf);
}

/**
 * Expires OPEN sessions whose time ran out by `now` (at most `batch`, oldest first) and reopens
 * their carts, in one statement. Rows are taken with SKIP LOCKED, so several instances (or a
 * shopper's own request) never expire the same session twice.
 */
export async function expireDueSessions(sql: PreparedSql, now: Date, batch: number): Promise<CheckoutSessionView[]> {
  const due = `select id from "order"."checkout_session" where status = '${CheckoutStatus.OPEN}' and expires_at <= $3 order by expires_at limit $4 for update skip locked`;
  const rows = await sql.rows<SessionRow>('order.session-expire-due', closeAndReopen(due), [
    CheckoutStatus.EXPIRED,
    sourcesOf(CheckoutStatus.EXPIRED),
    now,
    batch,
  ]);
  return rows.map(sessionOf);
}

/**
 * Claims the owner's unexpired session for a confirmation: → CONFIRMING (from where the state
 * table allows: OPEN), its hold extended to at least `holdSeconds` from now, in one statement.
 * Null (nothing written) when it is not the owner's, not claimable or past its time: read it with
 * `sessionById` to tell why.
 */
export async function claimSession(
  tx: PreparedSql,
  sessionId: string,
  ownerKey: string,
  holdSeconds: number,
): Promise<CheckoutSessionView | null> {
  const row = await tx.row<SessionRow>(
    'order.session-claim',
    `update "order"."checkout_session" s set status = '${CheckoutStatus.CONFIRMING}', updated_at = now(),
        expires_at = greatest(s.expires_at, now() + make_interval(secs => $3))
      where s.id = $1 and s.owner_key = $2 and s.status = any($4::"order"."checkout_status"[]) and s.expires_at > now()
      returning ${SESSION_COLUMNS}`,
    [sessionId, ownerKey, holdSeconds, sourcesOf(CheckoutStatus.CONFIRMING)],
  );
  return row ? sessionOf(row) : null;
}

/**
 * Moves a session to CONFIRMING or back to OPEN (a confirmation was refused), as the state table
 * allows, in one statement; its cart stays CHECKOUT. Null (nothing written) when the session may
 * not make that move from where it is.
 */
export async function moveSession(
  tx: PreparedSql,
  sessionId: string,
  to: CheckoutStatus.CONFIRMING | CheckoutStatus.OPEN,
): Promise<CheckoutSessionView | null> {
  const row = await tx.row<SessionRow>(
    'order.session-move',
    `update "order"."checkout_session" s set status = $2, updated_at = now()
      where s.id = $1 and s.status = any($3::"order"."checkout_status"[]) returning ${SESSION_COLUMNS}`,
    [sessionId, to, sourcesOf(to)],
  );
  return row ? sessionOf(row) : null;
}

/**
 * Completes a session: → COMPLETED (from where the state table allows) and its cart CHECKOUT →
 * ORDERED, in one statement in the caller's transaction (`PreparedSql.ofTransaction(tx)` inside
 * an ORM transaction). Null (nothing written) when the session may not complete from where it is.
 */
export async function completeSession(tx: TxSql, sessionId: string): Promise<CheckoutSessionView | null> {
  const row = await tx.row<SessionRow>(
    'order.session-complete',
    `with completed as (
       update "order"."checkout_session" s set status = '${CheckoutStatus.COMPLETED}', updated_at = now()
        where s.id = $1 and s.status = any($2::"order"."checkout_status"[]) returning s.*
     ), ordered as (
       update "order"."cart" c set status = '${CartStatus.ORDERED}', updated_at = now()
         from completed where c.id = completed.cart_id and c.status = '${CartStatus.CHECKOUT}'
     )
     select ${SESSION_COLUMNS} from completed s`,
    [sessionId, sourcesOf(CheckoutStatus.COMPLETED)],
  );
  return row ? sessionOf(row) : null;
}
