import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@shopgraph/config';
import { customerEnv } from '../../src/config.js';
import {
  CustomerSegment,
  LoyaltyTier,
  NO_STATS,
  TIER_BENEFITS,
  monthsBefore,
  multipliedPoints,
  segmentsFor,
  standingOf,
  tierFor,
} from '../../src/domain/standing.js';

const rules = { silverPoints: 1000, goldPoints: 5000, vipSpendMinor: 20_000_000n };

describe('segments and tiers', () => {
  it('a customer without orders is NEW, in no tier, with no benefits', () => {
    expect(standingOf(NO_STATS, rules)).toEqual({
      segments: [CustomerSegment.NEW],
      tier: LoyaltyTier.NONE,
      benefits: { pointsMultiplierPercent: 100, freeStandardShipping: false },
    });
  });

  it('NEW below 2 counted orders, RETURNING from 2; VIP from the lifetime spend threshold, alongside either', () => {
    expect(segmentsFor({ orders: 1, lifetimeSpendMinor: 0n, qualifyingPoints: 0 }, rules)).toEqual([CustomerSegment.NEW]);
    expect(segmentsFor({ orders: 2, lifetimeSpendMinor: 0n, qualifyingPoints: 0 }, rules)).toEqual([CustomerSegment.RETURNING]);
    expect(segmentsFor({ orders: 1, lifetimeSpendMinor: 19_999_999n, qualifyingPoints: 0 }, rules)).toEqual([CustomerSegment.NEW]);
    expect(segmentsFor({ orders: 1, lifetimeSpendMinor: 20_000_000n, qualifyingPoints: 0 }, rules)).toEqual([
      CustomerSegment.NEW,
      CustomerSegment.VIP,
    ]);
    expect(segmentsFor({ orders: 7, lifetimeSpendMinor: 90_000_000n, qualifyingPoints: 0 }, rules)).toEqual([
      CustomerSegment.RETURNING,
      CustomerSegment.VIP,
    ]);
  });

  it('tiers start at their thresholds', () => {
    expect(tierFor(999, rules)).toBe(LoyaltyTier.NONE);
    expect(tierFor(1000, rules)).toBe(LoyaltyTier.SILVER);
    expect(tierFor(4999, rules)).toBe(LoyaltyTier.SILVER);
    expect(tierFor(5000, rules)).toBe(LoyaltyTier.GOLD);
  });

  it('benefits are data: GOLD earns 1.5x and ships standard for free, SILVER earns 1.25x', () => {
    expect(TIER_BENEFITS.GOLD).toEqual({ pointsMultiplierPercent: 150, freeStandardShipping: true });
    expect(standingOf({ orders: 3, lifetimeSpendMinor: 0n, qualifyingPoints: 1200 }, rules).benefits).toEqual(TIER_BENEFITS.SILVER);
    expect(multipliedPoints(100, TIER_BENEFITS.GOLD)).toBe(150);
    expect(multipliedPoints(33, TIER_BENEFITS.SILVER)).toBe(41);
    expect(multipliedPoints(7, TIER_BENEFITS.NONE)).toBe(7);
  });

  it('months are counted on the calendar, clamped to shorter months', () => {
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2024-02-29T00:00:00Z'), 12).toISOString()).toBe('2023-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-11-23T23:00:00Z'), 12).toISOString()).toBe('2025-11-23T23:00:00.000Z');
  });

  it('refuses tier thresholds where GOLD does not exceed SILVER', () => {
    expect(() => loadConfig(customerEnv, { LOYALTY_TIER_SILVER_POINTS: '1000', LOYALTY_TIER_GOLD_POINTS: '1000' })).toThrow(
      /LOYALTY_TIER_GOLD_POINTS/,
    );
    expect(loadConfig(customerEnv, {})).toMatchObject({
      LOYALTY_POINTS_EXPIRE_MONTHS: 12,
      LOGIN_MAX_FAILURES_PER_IP: 20,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
    });
  });
});
