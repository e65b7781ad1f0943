import type { OrderHistory } from './order-history.js';

/**
 * Segments and tiers, derived (never stored): tiers from the loyalty ledger (an order counts while
 * its EARN entry stands, not reversed); segments from the order history projected from the order
 * events, falling back to the ledger for a customer the events have not told us about.
 */

/** Derived customer segments; a customer is in NEW or RETURNING, and may also be VIP. */
export enum CustomerSegment {
  /** Fewer than 2 counted orders. */
  NEW = 'NEW',
  /** 2 or more counted orders. */
  RETURNING = 'RETURNING',
  /** Lifetime spend of counted orders at or above the VIP threshold. */
  VIP = 'VIP',
}

/** Loyalty tiers, by qualifying points earned in the last 12 months. */
export enum LoyaltyTier {
  NONE = 'NONE',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
}

/** What a tier gives. */
export interface TierBenefits {
  /** Points credited per 100 base points of an order (100 = no bonus). */
  pointsMultiplierPercent: number;
  freeStandardShipping: boolean;
}

/** Benefits of each tier, as data. */
export const TIER_BENEFITS: Readonly<Record<LoyaltyTier, Readonly<TierBenefits>>> = {
  [LoyaltyTier.NONE]: { pointsMultiplierPercent: 100, freeStandardShipping: false },
  [LoyaltyTier.SILVER]: { pointsMultiplierPercent: 125, freeStandardShipping: false },
  [LoyaltyTier.GOLD]: { pointsMultiplierPercent: 150, freeStandardShipping: true },
};

/** Months of earning that count toward a tier. */
export const TIER_WINDOW_MONTHS = 12;

/** Orders from which a customer counts as RETURNING. */
export const RETURNING_MIN_ORDERS = 2;

/** Thresholds of the rules (configurable, see config.ts). */
export interface StandingRules {
  silverPoints: number;
  goldPoints: number;
  vipSpendMinor: bigint;
}

/** Ledger facts the rules read. */
export interface LedgerStats {
  /** Orders with a standing EARN entry. */
  orders: number;
  /** Sum of those orders' amounts (minor units of the base currency; orders earned without an amount add 0). */
  lifetimeSpendMinor: bigint;
  /** Base points (before tier multipliers) earned by standing orders in the last TIER_WINDOW_MONTHS. */
  qualifyingPoints: number;
}

/** Where a customer stands. */
export interface Standing {
  segments: CustomerSegment[];
  tier: LoyaltyTier;
  benefits: TierBenefits;
}

/** Stats of a customer with no orders. */
export const NO_STATS: LedgerStats = { orders: 0, lifetimeSpendMinor: 0n, qualifyingPoints: 0 };

/** The tier that qualifying points reach. */
export function tierFor(qualifyingPoints: number, rules: StandingRules): LoyaltyTier {
  if (qualifyingPoints >= rules.goldPoints) return LoyaltyTier.GOLD;
  if (qualifyingPoints >= rules.silverPoints) return LoyaltyTier.SILVER;
  return LoyaltyTier.NONE;
}

/** The segments of a customer, in declaration order. */
export function segmentsFor(stats: LedgerStats, rules: StandingRules): CustomerSegment[] {
  const segments = [stats.orders >= RETURNING_MIN_ORDERS ? CustomerSegment.RETURNING : CustomerSegment.NEW];
  if (stats.lifetimeSpendMinor >= rules.vipSpendMinor) segments.push(CustomerSegment.VIP);
  return segments;
}

/**
 * Ledger stats with the segment inputs (orders, lifetime spend) taken from real orders when the
 * order history has any: paid, not cancelled, refunds off.
 */
export function withOrderHistory(stats: LedgerStats, history: OrderHistory | undefined): LedgerStats {
  if (!history || history.ordersCount === 0) return stats;
  return { ...stats, orders: history.ordersCount, lifetimeSpendMinor: history.lifetimeValueMinor };
}

/** Segments, tier and tier benefits from ledger stats. */
export function standingOf(stats: LedgerStats, rules: StandingRules): Standing {
  const tier = tierFor(stats.qualifyingPoints, rules);
  return { segments: segmentsFor(stats, rules), tier, benefits: { ...TIER_BENEFITS[tier] } };
}

/** Points credited for `basePoints` under a tier's multiplier (rounded down, at least the base). */
export function multipliedPoints(basePoints: number, benefits: TierBenefits): number {
  return Math.max(basePoints, Math.floor((basePoints * benefits.pointsMultiplierPercent) / 100));
}

/** `date` moved back by `months` calendar months (UTC), clamped to the last day of a shorter month. */
export function monthsBefore(date: Date, months: number): Date {
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() - months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}
