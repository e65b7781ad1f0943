import type { EntityManager } from '@mikro-orm/postgresql';
import { customerConfig } from '../config.js';
import {
  type LedgerStats,
  NO_STATS,
  type Standing,
  type StandingRules,
  TIER_WINDOW_MONTHS,
  monthsBefore,
  standingOf,
  withOrderHistory,
} from '../domain/standing.js';
import { orderHistories } from './order-history.service.js';

/** The segment and tier thresholds configured for this process. */
export function standingRules(): StandingRules {
  const c = customerConfig();
  return {
    silverPoints: c.LOYALTY_TIER_SILVER_POINTS,
    goldPoints: c.LOYALTY_TIER_GOLD_POINTS,
    vipSpendMinor: BigInt(c.LOYALTY_VIP_SPEND_MINOR),
  };
}

interface StatsRow {
  customer_id: string;
  orders: string;
  spend: string;
  qualifying: string;
}

/** Ledger stats of several customers in one query: EARN entries of orders that were not reversed. */
export async function ledgerStats(em: EntityManager, customerIds: readonly string[], now = new Date()): Promise<Map<string, LedgerStats>> {
  const stats = new Map<string, LedgerStats>();
  if (customerIds.length === 0) return stats;
  const rows = await em.execute<StatsRow[]>(
    `select e.customer_id, count(*) as orders, coalesce(sum(e.order_amount_minor), 0) as spend,
            coalesce(sum(coalesce(e.base_points, e.points)) filter (where e.created_at > ?), 0) as qualifying
       from customer.loyalty_entry e
      where e.customer_id in (?) and e.kind = 'EARN'
        and not exists (select 1 from customer.loyalty_entry r
                         where r.customer_id = e.customer_id and r.order_id = e.order_id and r.kind = 'REVERSE')
      group by e.customer_id`,
    [monthsBefore(now, TIER_WINDOW_MONTHS), [...customerIds]],
  );
  for (const row of rows)
    stats.set(row.customer_id, {
      orders: Number(row.orders),
      lifetimeSpendMinor: BigInt(row.spend),
      qualifyingPoints: Number(row.qualifying),
    });
  return stats;
}

/** Segments, tier and benefits of several customers, in the order of `customerIds` (segments from real orders where known). */
export async function standings(em: EntityManager, customerIds: readonly string[], now = new Date()): Promise<Standing[]> {
  const stats = await ledgerStats(em, customerIds, now);
  const histories = await orderHistories(em, customerIds, customerConfig().BASE_CURRENCY);
  const rules = standingRules();
  return customerIds.map((id) => standingOf(withOrderHistory(stats.get(id) ?? NO_STATS, histories.get(id)), rules));
}
