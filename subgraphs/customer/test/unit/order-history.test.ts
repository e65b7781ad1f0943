import { describe, expect, it } from '@jest/globals';
import { NO_HISTORY } from '../../src/domain/order-history.js';
import { CustomerSegment, NO_STATS, segmentsFor, withOrderHistory } from '../../src/domain/standing.js';

const rules = { silverPoints: 1000, goldPoints: 5000, vipSpendMinor: 20_000_000n };
const ledger = { orders: 3, lifetimeSpendMinor: 30_000_000n, qualifyingPoints: 700 };

describe('segments from the order history', () => {
  it('takes orders and lifetime spend from real orders, and keeps the ledger points for the tier', () => {
    const stats = withOrderHistory(ledger, { ordersCount: 1, lifetimeValueMinor: 4_000_000n, lastOrderAt: new Date() });
    expect(stats).toEqual({ orders: 1, lifetimeSpendMinor: 4_000_000n, qualifyingPoints: 700 });
    expect(segmentsFor(stats, rules)).toEqual([CustomerSegment.NEW]);
  });

  it('falls back to the ledger for a customer the order events have not told about', () => {
    expect(withOrderHistory(ledger, undefined)).toBe(ledger);
    expect(withOrderHistory(ledger, NO_HISTORY)).toBe(ledger);
    expect(withOrderHistory(NO_STATS, undefined)).toBe(NO_STATS);
  });

  it('VIP at the threshold of paid minus refunded, RETURNING from the second kept order', () => {
    const at = withOrderHistory(NO_STATS, { ordersCount: 2, lifetimeValueMinor: 20_000_000n, lastOrderAt: null });
    expect(segmentsFor(at, rules)).toEqual([CustomerSegment.RETURNING, CustomerSegment.VIP]);
    const below = withOrderHistory(NO_STATS, { ordersCount: 2, lifetimeValueMinor: 19_999_999n, lastOrderAt: null });
    expect(segmentsFor(below, rules)).toEqual([CustomerSegment.RETURNING]);
  });
});
