import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderHistory } from '../domain/order-history.js';

/**
 * The one access path of `order_history`: one row per order of a customer, from the order events.
 * Paid and cancelled are facts that never go back (CANCELLED is terminal), and refunds add up once
 * each (the inbox), so events may arrive in any order; what an event may overwrite (the paid total,
 * its currency) is only taken from an event at least as new as the `order_version` stored.
 */

/** An order's payment was captured (`order.confirmed`). */
export async function recordPaid(
  tx: EntityManager,
  o: { orderId: string; customerId: string; version: number; currency: string; totalMinor: string; paidAt: Date },
): Promise<void> {
  await tx.execute(
    `insert into customer.order_history as h (order_id, customer_id, order_version, currency, paid_minor, confirmed_at)
     values (?, ?, ?, ?, ?, ?)
     on conflict (order_id) do update set
       currency = case when h.paid_minor is null or excluded.order_version >= h.order_version then excluded.currency else h.currency end,
       paid_minor = case when h.paid_minor is null or excluded.order_version >= h.order_version then excluded.paid_minor else h.paid_minor end,
       confirmed_at = coalesce(h.confirmed_at, excluded.confirmed_at),
       order_version = greatest(h.order_version, excluded.order_version)`,
    [o.orderId, o.customerId, o.version, o.currency, o.totalMinor, o.paidAt],
  );
}

/** The order was cancelled (`order.cancelled`): it leaves the count and the value for good. */
export async function recordCancelled(tx: EntityManager, o: { orderId: string; customerId: string; version: number }): Promise<void> {
  await tx.execute(
    `insert into customer.order_history as h (order_id, customer_id, order_version, cancelled) values (?, ?, ?, true)
     on conflict (order_id) do update set cancelled = true, order_version = greatest(h.order_version, excluded.order_version)`,
    [o.orderId, o.customerId, o.version],
  );
}

/** Money went back to the shopper (`order.refunded`), once per event. */
export async function recordRefund(
  tx: EntityManager,
  o: { orderId: string; customerId: string; version: number; amountMinor: string },
): Promise<void> {
  await tx.execute(
    `insert into customer.order_history as h (order_id, customer_id, order_version, refunded_minor) values (?, ?, ?, ?)
     on conflict (order_id) do update set refunded_minor = h.refunded_minor + excluded.refunded_minor,
       order_version = greatest(h.order_version, excluded.order_version)`,
    [o.orderId, o.customerId, o.version, o.amountMinor],
  );
}

interface HistoryRow {
  customer_id: string;
  orders: string;
  value: string;
  last_order_at: Date | null;
}

/** Order histories of several customers in one query; value only of orders in `baseCurrency`. */
export async function orderHistories(
  em: EntityManager,
  customerIds: readonly string[],
  baseCurrency: string,
): Promise<Map<string, OrderHistory>> {
  const histories = new Map<string, OrderHistory>();
  if (customerIds.length === 0) return histories;
  const rows = await em.execute<HistoryRow[]>(
    `select customer_id, count(*) as orders,
            coalesce(sum(paid_minor - refunded_minor) filter (where currency = ?), 0) as value,
            max(confirmed_at) as last_order_at
       from customer.order_history
      where customer_id in (?) and confirmed_at is not null and not cancelled
      group by customer_id`,
    [baseCurrency, [...customerIds]],
  );
  for (const row of rows)
    histories.set(row.customer_id, {
      ordersCount: Number(row.orders),
      lifetimeValueMinor: BigInt(row.value),
      lastOrderAt: row.last_order_at ? new Date(row.last_order_at) : null,
    });
  return histories;
}
