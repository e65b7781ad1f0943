import { describe, expect, it } from '@jest/globals';
import { averageRating, contribution, isNoChange, ratingDelta } from '../../src/domain/rating.js';
import { rateLimitVerdict } from '../../src/domain/rate-limit.js';
import { reviewInputProblems } from '../../src/domain/review-input.js';
import { isVerifiedPurchase } from '../../src/domain/verified-purchase.js';

describe('rating deltas', () => {
  it('counts a review only while it is shown', () => {
    expect(contribution({ shown: false, rating: 5 })).toEqual({ count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });
    expect(contribution({ shown: true, rating: 2 })).toEqual({ count: 1, sum: 2, histogram: [0, 1, 0, 0, 0] });
  });

  it('moves an edited shown review from its old stars to its new ones', () => {
    expect(ratingDelta({ shown: true, rating: 5 }, { shown: true, rating: 1 })).toEqual({ count: 0, sum: -4, histogram: [1, 0, 0, 0, -1] });
    expect(ratingDelta({ shown: true, rating: 3 }, null)).toEqual({ count: -1, sum: -3, histogram: [0, 0, -1, 0, 0] });
    expect(isNoChange(ratingDelta({ shown: false, rating: 3 }, { shown: false, rating: 4 }))).toBe(true);
  });

  it('averages to one decimal, null without reviews', () => {
    expect(averageRating(0, 0)).toBeNull();
    expect(averageRating(14, 3)).toBe(4.7);
  });
});

describe('verified purchase, rate limits and input', () => {
  it('verifies while a delivered line is not returned in full', () => {
    expect(isVerifiedPurchase([])).toBe(false);
    expect(isVerifiedPurchase([{ quantity: 2, returnedQuantity: 1 }])).toBe(true);
    expect(isVerifiedPurchase([{ quantity: 2, returnedQuantity: 2 }])).toBe(false);
  });

  it('allows max actions per window and tells when the next one is allowed', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
    const limit = { max: 2, windowSeconds: 60 };
    expect(rateLimitVerdict([at(10)], now, limit)).toEqual({ allowed: true });
    expect(rateLimitVerdict([at(50), at(10)], now, limit)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(rateLimitVerdict([at(70), at(10)], now, limit)).toEqual({ allowed: true });
  });

  it('refuses stars outside 1 to 5 and texts outside their lengths', () => {
    expect(reviewInputProblems({ rating: 5, title: 'Fine', body: 'Long enough body text.' })).toEqual([]);
    expect(reviewInputProblems({ rating: 0, title: 'ab', body: 'x'.repeat(5001) }).map((p) => p.field)).toEqual([
      'rating',
      'title',
      'body',
    ]);
    expect(reviewInputProblems({ rating: 4.5 }).map((p) => p.field)).toEqual(['rating']);
    expect(reviewInputProblems({ title: '   ab   ' }).map((p) => p.field)).toEqual(['title']);
  });
});
