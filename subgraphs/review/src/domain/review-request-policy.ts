/** Why a review request was not sent. */
export type ReviewRequestSkipReason = 'GUEST_ORDER' | 'CUSTOMER_UNKNOWN' | 'OPTED_OUT' | 'ALL_RETURNED';

/** What the due review request of an order should do. */
export type ReviewRequestDecision =
  { kind: 'WAIT' } | { kind: 'DONE' } | { kind: 'SEND'; productIds: string[] } | { kind: 'SKIP'; reason: ReviewRequestSkipReason };

/** What is known of an order's review request when its job runs. */
export interface ReviewRequestFacts {
  /** SCHEDULED until it is sent or skipped. */
  status: 'SCHEDULED' | 'SENT' | 'SKIPPED';
  dueAt: Date;
  now: Date;
  customerId: string | null;
  /** The customer's consent (customer preferences); null when the customer is unknown. */
  allowsRequests: boolean | null;
  /** Products of the order's lines not returned in full, each once. */
  productIds: readonly string[];
}

/**
 * The review request rule: once per order (a decided request stays decided), not before it is due
 * (a later delivery moves the due date), asking every eligible customer in the same neutral words
 * whatever the order (no sentiment gating), never a customer who opted out, a guest (no consent
 * on record) or an order whose lines all came back.
 */
export function reviewRequestDecision(facts: ReviewRequestFacts): ReviewRequestDecision {
  if (facts.status !== 'SCHEDULED') return { kind: 'DONE' };
  if (facts.dueAt.getTime() > facts.now.getTime()) return { kind: 'WAIT' };
  if (!facts.customerId) return { kind: 'SKIP', reason: 'GUEST_ORDER' };
  if (facts.productIds.length === 0) return { kind: 'SKIP', reason: 'ALL_RETURNED' };
  if (facts.allowsRequests === null) return { kind: 'SKIP', reason: 'CUSTOMER_UNKNOWN' };
  if (!facts.allowsRequests) return { kind: 'SKIP', reason: 'OPTED_OUT' };
  return { kind: 'SEND', productIds: [...facts.productIds] };
}
