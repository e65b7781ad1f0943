import type { CartStatus } from '../domain/cart-status.js';
import type { CheckoutAddress, CheckoutPayment } from '../domain/checkout-state.js';
import type { CheckoutStatus } from '../domain/checkout-status.js';

/**
 * Plain views of the cart and checkout-session aggregates, as the store reads them, and the
 * row shapes and mappers the store's statements share. Nothing here is an entity: views are
 * data, changed only through the store's functions.
 */

/** One line of a cart. */
export interface CartLineView {
  id: string;
  sku: string;
  productId: string;
  quantity: number;
  /** Warehouse the shopper asked to ship from, for its markup; any warehouse when null. */
  warehouseId: string | null;
  /** Unit price shown when the line was last added to (comparison only, never truth). */
  seenUnitPriceMinor: bigint | null;
  seenCurrency: string | null;
  createdAt: Date;
}

/** A cart with its lines, in the order they were added (then by SKU). */
export interface CartView {
  id: string;
  ownerKey: string;
  status: CartStatus;
  updatedAt: Date;
  lines: CartLineView[];
}

/** A checkout session: the shopper's choices and the reservation holding the cart's stock. */
export interface CheckoutSessionView {
  id: string;
  cartId: string;
  /** `customer:<id>` or `guest:<id>`: whose session this is. */
  ownerKey: string;
  customerId: string | null;
  status: CheckoutStatus;
  currency: string;
  reservationId: string;
  expiresAt: Date;
  shippingAddress: CheckoutAddress | null;
  billingAddress: CheckoutAddress | null;
  shippingMethodCode: string | null;
  /** Holds the provider token, which is never returned to the shopper. */
  payment: CheckoutPayment | null;
  promotionCodes: string[];
  loyaltyPoints: number;
  notes: string | null;
  /** Contact email given at checkout; null uses the customer's account email. */
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A session with its cart and the cart's lines, read together (one snapshot). */
export interface SessionWithCart {
  session: CheckoutSessionView;
  cart: CartView;
}

/**
 * Cart columns with the lines as one JSON array, for a cart aliased `c`. Timestamps go through
 * JSON (ISO text) and the seen price as text, so the mapping is the same in and out of arrays.
 */
export const CART_COLUMNS = `c.id, c.owner_key, c.status, to_json(c.updated_at) as updated_at,
  coalesce((select json_agg(json_build_object('id', l.id, 'sku', l.sku, 'productId', l.product_id, 'quantity', l.quantity,
              'warehouseId', l.warehouse_id, 'seenUnitPriceMinor', l.seen_unit_price_minor::text, 'seenCurrency', l.seen_currency,
              'createdAt', l.created_at) order by l.created_at asc, l.sku asc)
            from "order"."cart_line" l where l.cart_id = c.id), '[]'::json) as lines`;

/** A row of CART_COLUMNS. */
export interface CartRow {
  id: string;
  owner_key: string;
  status: CartStatus;
  updated_at: string;
  lines: LineJson[];
}

interface LineJson {
  id: string;
  sku: string;
  productId: string;
  quantity: number;
  warehouseId: string | null;
  seenUnitPriceMinor: string | null;
  seenCurrency: string | null;
  createdAt: string;
}

/** Maps a row of CART_COLUMNS. */
export function cartOf(r: CartRow): CartView {
  return {
    id: r.id,
    ownerKey: r.owner_key,
    status: r.status,
    updatedAt: new Date(r.updated_at),
    lines: r.lines.map((l) => ({
      ...l,
      seenUnitPriceMinor: l.seenUnitPriceMinor === null ? null : BigInt(l.seenUnitPriceMinor),
      createdAt: new Date(l.createdAt),
    })),
  };
}

/** Session columns, for a session aliased `s`. */
export const SESSION_COLUMNS = `s.id, s.cart_id, s.owner_key, s.customer_id, s.status, s.currency, s.reservation_id, s.shipping_address, s.billing_address,
  s.shipping_method_code, s.payment, s.promotion_codes, s.loyalty_points, s.notes, s.email,
  to_json(s.expires_at) as expires_at, to_json(s.created_at) as created_at, to_json(s.updated_at) as updated_at`;

/** A row of SESSION_COLUMNS. */
export interface SessionRow {
  id: string;
  cart_id: string;
  owner_key: string;
  customer_id: string | null;
  status: CheckoutStatus;
  currency: string;
  reservation_id: string;
  expires_at: string;
  shipping_address: CheckoutAddress | null;
  billing_address: CheckoutAddress | null;
  shipping_method_code: string | null;
  payment: CheckoutPayment | null;
  promotion_codes: string[];
  loyalty_points: number;
  notes: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
}

/** Maps a row of SESSION_COLUMNS. */
export function sessionOf(r: SessionRow): CheckoutSessionView {
  return {
    id: r.id,
    cartId: r.cart_id,
    ownerKey: r.owner_key,
    customerId: r.customer_id,
    status: r.status,
    currency: r.currency,
    reservationId: r.reservation_id,
    expiresAt: new Date(r.expires_at),
    shippingAddress: r.shipping_address,
    billingAddress: r.billing_address,
    shippingMethodCode: r.shipping_method_code,
    payment: r.payment,
    promotionCodes: r.promotion_codes,
    loyaltyPoints: r.loyalty_points,
    notes: r.notes,
    email: r.email,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** A value for a jsonb parameter (`null` stays SQL null). */
export const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
