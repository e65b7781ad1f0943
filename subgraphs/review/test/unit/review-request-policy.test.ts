import { describe, expect, it } from '@jest/globals';
import { type ReviewRequestFacts, reviewRequestDecision } from '../../src/domain/review-request-policy.js';

const now = new Date('2026-12-12T10:00:00Z');
const due: ReviewRequestFacts = {
  status: 'SCHEDULED',
  dueAt: new Date('2026-12-12T09:00:00Z'),
  now,
  customerId: 'c-1',
  allowsRequests: true,
  productIds: ['p-1', 'p-2'],
};

describe('review request policy', () => {
  it('sends a due request to a consenting customer, a link per product still with them', () => {
    expect(reviewRequestDecision(due)).toEqual({ kind: 'SEND', productIds: ['p-1', 'p-2'] });
  });

  it('decides once: a sent or skipped request stays decided', () => {
    expect(reviewRequestDecision({ ...due, status: 'SENT' })).toEqual({ kind: 'DONE' });
    expect(reviewRequestDecision({ ...due, status: 'SKIPPED' })).toEqual({ kind: 'DONE' });
  });

  it('waits when a later delivery moved the due date', () => {
    expect(reviewRequestDecision({ ...due, dueAt: new Date('2026-12-13T00:00:00Z') })).toEqual({ kind: 'WAIT' });
  });

  it('skips guests, opted-out and unknown customers, and orders returned in full', () => {
    expect(reviewRequestDecision({ ...due, customerId: null })).toEqual({ kind: 'SKIP', reason: 'GUEST_ORDER' });
    expect(reviewRequestDecision({ ...due, allowsRequests: false })).toEqual({ kind: 'SKIP', reason: 'OPTED_OUT' });
    expect(reviewRequestDecision({ ...due, allowsRequests: null })).toEqual({ kind: 'SKIP', reason: 'CUSTOMER_UNKNOWN' });
    expect(reviewRequestDecision({ ...due, productIds: [] })).toEqual({ kind: 'SKIP', reason: 'ALL_RETURNED' });
  });
});
