import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProcessBus } from '@shopgraph/events';
import type { Logger } from '@shopgraph/observability';
import { LoyaltyEntryKind, type ExpiryTotals, pointsToExpire } from '../domain/loyalty.js';
import { monthsBefore } from '../domain/standing.js';
import { LoyaltyEntry } from '../entities/index.js';
import { withLockedCustomer } from './loyalty.service.js';

/** Name of the recurring job that expires points (one run at a time across instances). */
export const POINTS_EXPIRY_JOB = 'customer.loyalty-points-expiry';

interface TotalsRow {
  customer_id: string;
  expired_credits: string;
  debits: string;
  already_expired: string;
  balance: string;
}

// Credits past the cutoff, debits, earlier expiries and the balance, per customer, in one pass.
const TOTALS_SQL = `
  select customer_id,
         coalesce(sum(points) filter (where kind <> 'EXPIRE' and points > 0 and created_at <= ?), 0) as expired_credits,
         coalesce(-sum(points) filter (where kind <> 'EXPIRE' and points < 0), 0) as debits,
         coalesce(-sum(points) filter (where kind = 'EXPIRE'), 0) as already_expired,
         coalesce(sum(points), 0) as balance
    from customer.loyalty_entry`;

function totalsOf(row: TotalsRow): ExpiryTotals {
  return {
    expiredCredits: Number(row.expired_credits),
    debits: Number(row.debits),
    alreadyExpired: Number(row.already_expired),
    balance: Number(row.balance),
  };
}

/**
 * Writes an EXPIRE entry for every customer whose points earned more than `months` months before
 * `now` are not yet used up (FIFO). Each customer is recomputed under their row lock, so a second
 * run, or a redemption racing the job, never expires the same points twice. Returns points expired.
 */
export async function expireDuePoints(em: EntityManager, months: number, now = new Date()): Promise<{ customers: number; points: number }> {
  const cutoff = monthsBefore(now, months);
  const candidates = await em.execute<TotalsRow[]>(`${TOTALS_SQL} group by customer_id`, [cutoff]);
  let customers = 0;
  let points = 0;
  for (const candidate of candidates) {
    if (pointsToExpire(totalsOf(candidate)) === 0) continue;
    const result = await withLockedCustomer(em.fork(), candidate.customer_id, async (tx, balance) => {
      const [row] = await tx.execute<TotalsRow[]>(`${TOTALS_SQL} where customer_id = ? group by customer_id`, [
        cutoff,
        candidate.customer_id,
      ]);
      const due = row ? pointsToExpire(totalsOf(row)) : 0;
      if (due === 0) return { entry: null, balance, userErrors: [] };
      const entry = tx.create(LoyaltyEntry, {
        customerId: candidate.customer_id,
        kind: LoyaltyEntryKind.EXPIRE,
        points: -due,
        reason: `Points earned on or before ${cutoff.toISOString().slice(0, 10)} expired`,
      });
      await tx.flush();
      return { entry, balance: balance - due, userErrors: [] };
    });
    if (result.entry) {
      customers += 1;
      points -= result.entry.points;
    }
  }
  return { customers, points };
}

/** Schedules the expiry job on the event bus: every `intervalSeconds`, once across all instances. */
export async function schedulePointsExpiry(
  bus: ProcessBus,
  em: EntityManager,
  logger: Logger,
  schedule: { months: number; intervalSeconds: number },
): Promise<void> {
  await bus.every(POINTS_EXPIRY_JOB, schedule.intervalSeconds, async () => {
    const { customers, points } = await expireDuePoints(em.fork(), schedule.months);
    if (points > 0) logger.info({ customers, points }, 'loyalty points expired');
  });
}
