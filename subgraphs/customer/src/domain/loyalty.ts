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
