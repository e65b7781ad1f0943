import type { PreparedSql, TxSql } from '@shopgraph/db';
import type { PurchaseLine } from '../domain/verified-purchase.js';

/**
 * The one access path of purchases (`purchase`, recorded from the order events) and review
 * requests (`review_request`, one per order).
 */

/** A delivered line to record. */
export interface DeliveredLine {
  sku: string;
  productId: string;
  quantity: number;
}

/** Records delivered lines of an order; a line delivered again keeps its larger quantity and later date. */
export async function recordPurchases(
  tx: TxSql,
  order: { orderId: string; customerId: string | null; deliveredAt: Date },
  lines: readonly DeliveredLine[],
): Promise<void> {
  await tx.rows(
    'review.purchases-record',
    `insert into "review"."purchase" as p (order_id, sku, customer_id, product_id, quantity, delivered_at)
     select $1, l.sku, $2, l.product_id, l.quantity, $3 from json_to_recordset($4::json) as l(sku text, product_id uuid, quantity int)
     on conflict (order_id, sku) do update set quantity = greatest(p.quantity, excluded.quantity),
       delivered_at = greatest(p.delivered_at, excluded.delivered_at)`,
    [
      order.orderId,
      order.customerId,
      order.deliveredAt,
      JSON.stringify(lines.map((l) => ({ sku: l.sku, product_id: l.productId, quantity: l.quantity }))),
    ],
  );
}

/** Counts returned units against an order's lines (never more than were delivered); returns the products touched. */
export async function recordReturns(tx: TxSql, orderId: string, lines: readonly { sku: string; quantity: number }[]): Promise<string[]> {
  const rows = await tx.rows<{ product_id: string }>(
    'review.purchases-return',
    `update "review"."purchase" p set returned_quantity = least(p.quantity, p.returned_quantity + l.quantity)
     from json_to_recordset($2::json) as l(sku text, quantity int)
     where p.order_id = $1 and p.sku = l.sku returning p.product_id`,
    [orderId, JSON.stringify(lines)],
  );
  return [...new Set(rows.map((r) => r.product_id))];
}

/** A customer's delivered lines of a product. */
export async function purchaseLines(sql: PreparedSql, customerId: string, productId: string): Promise<PurchaseLine[]> {
  const rows = await sql.rows<{ quantity: number; returned_quantity: number }>(
    'review.purchase-lines',
    `select quantity, returned_quantity from "review"."purchase" where customer_id = $1 and product_id = $2`,
    [customerId, productId],
  );
  return rows.map((r) => ({ quantity: r.quantity, returnedQuantity: r.returned_quantity }));
}

/** Sets the verified mark of a customer's reviews of these products from the purchases now recorded. */
export async function refreshVerified(tx: TxSql, customerId: string, productIds: readonly string[]): Promise<void> {
  await tx.rows(
    'review.verified-refresh',
    `update "review"."review" r set verified_purchase = v.verified
     from (select r2.id, exists(select 1 from "review"."purchase" p where p.customer_id = r2.customer_id and p.product_id = r2.product_id
             and p.quantity > p.returned_quantity) as verified
           from "review"."review" r2 where r2.customer_id = $1 and r2.product_id = any($2::uuid[])) v
     where r.id = v.id and r.verified_purchase <> v.verified`,
    [customerId, productIds],
  );
}

/** Products of an order's lines not returned in full, each once. */
export async function remainingProducts(sql: PreparedSql, orderId: string): Promise<string[]> {
  const rows = await sql.rows<{ product_id: string }>(
    'review.order-remaining-products',
    `select distinct product_id from "review"."purchase" where order_id = $1 and quantity > returned_quantity order by product_id`,
    [orderId],
  );
  return rows.map((r) => r.product_id);
}

/** An order's review request. */
export interface ReviewRequestView {
  orderId: string;
  orderNumber: string;
  customerId: string | null;
  email: string;
  status: 'SCHEDULED' | 'SENT' | 'SKIPPED';
  dueAt: Date;
  skipReason: string | null;
}

type RequestRow = {
  order_id: string;
  order_number: string;
  customer_id: string | null;
  email: string;
  status: ReviewRequestView['status'];
  due_at: Date;
  skip_reason: string | null;
};
const requestOf = (r: RequestRow): ReviewRequestView => ({
  orderId: r.order_id,
  orderNumber: r.order_number,
  customerId: r.customer_id,
  email: r.email,
  status: r.status,
  dueAt: new Date(r.due_at),
  skipReason: r.skip_reason,
});
const REQUEST_COLUMNS = 'order_id, order_number, customer_id, email, status, due_at, skip_reason';

/**
 * Schedules an order's review request at `dueAt`, or moves a scheduled one later (a later
 * delivery); a request already sent or skipped stays as it is. Returns the request as stored.
 */
export async function scheduleRequest(
  tx: TxSql,
  request: { orderId: string; orderNumber: string; customerId: string | null; email: string; dueAt: Date },
): Promise<ReviewRequestView> {
  await tx.rows(
    'review.request-schedule',
    `insert into "review"."review_request" as q (order_id, order_number, customer_id, email, status, due_at, created_at)
     values ($1, $2, $3, $4, 'SCHEDULED', $5, now())
     on conflict (order_id) do update set due_at = greatest(q.due_at, excluded.due_at) where q.status = 'SCHEDULED'`,
    [request.orderId, request.orderNumber, request.customerId, request.email, request.dueAt],
  );
  return (await requestOf1(tx, request.orderId, false))!;
}

async function requestOf1(sql: PreparedSql, orderId: string, lock: boolean): Promise<ReviewRequestView | null> {
  const row = await sql.row<RequestRow>(
    lock ? 'review.request-lock' : 'review.request-get',
    `select ${REQUEST_COLUMNS} from "review"."review_request" where order_id = $1${lock ? ' for update' : ''}`,
    [orderId],
  );
  return row ? requestOf(row) : null;
}

/** An order's review request, if one was scheduled. */
export const reviewRequest = (sql: PreparedSql, orderId: string) => requestOf1(sql, orderId, false);
/** An order's review request, row-locked until the transaction ends (decided once). */
export const lockReviewRequest = (tx: TxSql, orderId: string) => requestOf1(tx, orderId, true);

/** Records the decision on a request: sent, or skipped with the reason. */
export async function decideRequest(tx: TxSql, orderId: string, status: 'SENT' | 'SKIPPED', skipReason: string | null): Promise<void> {
  await tx.rows(
    'review.request-decide',
    `update "review"."review_request" set status = $2, skip_reason = $3, decided_at = now() where order_id = $1`,
    [orderId, status, skipReason],
  );
}

/** Orders whose review request is still scheduled `overdueSeconds` after it was due (its job lost or given up), oldest first. */
export async function overdueRequests(sql: PreparedSql, overdueSeconds: number, limit: number): Promise<string[]> {
  const rows = await sql.rows<{ order_id: string }>(
    'review.requests-overdue',
    `select order_id from "review"."review_request" where status = 'SCHEDULED' and due_at < now() - make_interval(secs => $1)
     order by due_at limit $2`,
    [overdueSeconds, limit],
  );
  return rows.map((r) => r.order_id);
}
