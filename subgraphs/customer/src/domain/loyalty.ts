import { type CurrencyCode, type Money, money } from '@shopgraph/money';

/** Why a loyalty ledger entry exists; the sign of its points follows from it (ADJUST may be either). */
export enum LoyaltyEntryKind {
  EARN = 'EARN',
  REDEEM = 'REDEEM',
  EXPIRE = 'EXPIRE',
  REVERSE = 'REVERSE',
  ADJUST = 'ADJUST',
}

/** Largest number of points one entry may move: keeps sums far inside integer range. */
export const MAX_POINTS_PER_ENTRY = 100_000_000;

/** Whether `points` is a usable positive amount for earning or redeeming. */
export function isValidPointAmount(points: number): boolean {
  return Number.isInteger(points) && points > 0 && points <= MAX_POINTS_PER_ENTRY;
}

/** Whether a balance can give up `points` without going negative. */
export function canDebit(balance: number, points: number): boolean {
  return balance - points >= 0;
}

/**
 * Points of the REVERSE entry that undoes an order's EARN and REDEEM entries: the negated net, but
 * never taking the balance below zero (points earned by the order may already be spent).
 */
export function reversalPoints(orderNet: number, balance: number): number {
  const reversal = 0 - orderNet;
  return balance + reversal < 0 ? -balance : reversal;
}

/** What `points` are worth at `pointValueMinor` minor units each. */
export function pointsValue(points: number, pointValueMinor: number, currency: CurrencyCode): Money {
  return money(BigInt(points) * BigInt(pointValueMinor), currency);
}

/** Ledger totals of one customer that the expiry rule reads (all in points, non-negative). */
export interface ExpiryTotals {
  /** Credits (positive entries other than EXPIRE) old enough to have expired. */
  expiredCredits: number;
  /** Everything spent or taken back (negative entries other than EXPIRE). */
  debits: number;
  /** Points already expired (EXPIRE entries). */
  alreadyExpired: number;
  balance: number;
}

/**
 * Points that must expire now. Debits and earlier expiries use up the oldest credits first (FIFO),
 * so what is left of the credits past their expiry is their sum minus everything already taken;
 * never more than the balance and never negative, and zero once an EXPIRE entry has taken it.
 */
export function pointsToExpire(t: ExpiryTotals): number {
  return Math.max(0, Math.min(t.balance, t.expiredCredits - t.debits - t.alreadyExpired));
}
