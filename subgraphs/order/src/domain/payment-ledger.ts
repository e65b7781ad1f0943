/**
 * The payment ledger: append-only events (Saleor's `TransactionEvent` types) folded into the
 * amounts of a payment. Amounts are derived, never stored alone; a cache must equal this fold.
 */

/** Types of ledger events, following Saleor's names. `*_REQUEST` events are what is pending. */
export const PAYMENT_EVENT_TYPES = [
  'AUTHORIZATION_REQUEST',
  'AUTHORIZATION_SUCCESS',
  'AUTHORIZATION_FAILURE',
  'AUTHORIZATION_ADJUSTMENT',
  'AUTHORIZATION_ACTION_REQUIRED',
  'CHARGE_REQUEST',
  'CHARGE_SUCCESS',
  'CHARGE_FAILURE',
  'CHARGE_BACK',
  'CHARGE_ACTION_REQUIRED',
  'REFUND_REQUEST',
  'REFUND_SUCCESS',
  'REFUND_FAILURE',
  'REFUND_REVERSE',
  'CANCEL_REQUEST',
  'CANCEL_SUCCESS',
  'CANCEL_FAILURE',
] as const;

/** One ledger event type. */
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** The fields of a ledger event the fold reads. */
export interface PaymentLedgerEvent {
  type: PaymentEventType;
  amountMinor: bigint;
  /** The provider's event id: unique, so a redelivered webhook folds once. */
  pspEventId?: string | null;
  /** Request events carry their call's key: a retried request folds once. */
  idempotencyKey?: string | null;
}

/** The shopper-facing payment status derived from the ledger. */
export type PaymentStatus =
  'NOT_PAID' | 'ACTION_REQUIRED' | 'AUTHORIZED' | 'PARTIALLY_PAID' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED' | 'FAILED';

/** How much of the order total is covered (Saleor's order authorize/charge status). */
export type CoverageStatus = 'NONE' | 'PARTIAL' | 'FULL' | 'OVERCHARGED';

/** The derived amounts of a payment, in minor units, as Saleor's `TransactionItem` keeps them. */
export interface PaymentAmounts {
  /** Authorized and still available to capture (neither captured nor canceled). */
  authorized: bigint;
  charged: bigint;
  refunded: bigint;
  canceled: bigint;
  authorizePending: bigint;
  chargePending: bigint;
  refundPending: bigint;
  cancelPending: bigint;
  status: PaymentStatus;
  authorizeStatus: CoverageStatus;
  chargeStatus: CoverageStatus;
}

/** The events left once duplicates are dropped: same `pspEventId`, or same type and `idempotencyKey`. */
export function distinctPaymentEvents<E extends PaymentLedgerEvent>(events: readonly E[]): E[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = event.pspEventId ? `psp:${event.pspEventId}` : event.idempotencyKey ? `key:${event.type}:${event.idempotencyKey}` : null;
    if (key === null) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const positive = (value: bigint) => (value > 0n ? value : 0n);

function coverage(amount: bigint, total: bigint): CoverageStatus {
  if (amount <= 0n) return 'NONE';
  if (amount < total) return 'PARTIAL';
  return amount === total ? 'FULL' : 'OVERCHARGED';
}

/**
 * Folds a payment's events against the order total. Sums only, so the result does not depend on
 * the order the events arrived in (webhooks may be reordered); an adjustment sets the authorized
 * total, the last one listed winning.
 */
export function foldPaymentEvents(events: readonly PaymentLedgerEvent[], orderTotalMinor: bigint): PaymentAmounts {
  const sums = new Map<PaymentEventType, bigint>();
  let adjustedAuthorization: bigint | null = null;
  for (const event of distinctPaymentEvents(events)) {
    sums.set(event.type, (sums.get(event.type) ?? 0n) + event.amountMinor);
    if (event.type === 'AUTHORIZATION_ADJUSTMENT') adjustedAuthorization = event.amountMinor;
  }
  const sum = (type: PaymentEventType) => sums.get(type) ?? 0n;
  const has = (type: PaymentEventType) => sums.has(type);

  const authorizedGross = adjustedAuthorization ?? sum('AUTHORIZATION_SUCCESS');
  const captured = sum('CHARGE_SUCCESS');
  const charged = positive(captured - sum('CHARGE_BACK'));
  const canceled = sum('CANCEL_SUCCESS');
  const refunded = positive(sum('REFUND_SUCCESS') - sum('REFUND_REVERSE'));
  const amounts = {
    authorized: positive(authorizedGross - captured - canceled),
    charged,
    refunded,
    canceled,
    authorizePending: positive(sum('AUTHORIZATION_REQUEST') - sum('AUTHORIZATION_SUCCESS') - sum('AUTHORIZATION_FAILURE')),
    chargePending: positive(sum('CHARGE_REQUEST') - sum('CHARGE_SUCCESS') - sum('CHARGE_FAILURE')),
    refundPending: positive(sum('REFUND_REQUEST') - sum('REFUND_SUCCESS') - sum('REFUND_FAILURE')),
    cancelPending: positive(sum('CANCEL_REQUEST') - sum('CANCEL_SUCCESS') - sum('CANCEL_FAILURE')),
  };

  let status: PaymentStatus;
  if (refunded > 0n) status = refunded >= charged ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  else if (charged > 0n) status = charged >= orderTotalMinor ? 'PAID' : 'PARTIALLY_PAID';
  else if (canceled > 0n) status = 'VOIDED';
  else if (amounts.authorized > 0n) status = 'AUTHORIZED';
  else if ((has('AUTHORIZATION_ACTION_REQUIRED') || has('CHARGE_ACTION_REQUIRED')) && !has('AUTHORIZATION_FAILURE'))
    status = 'ACTION_REQUIRED';
  else if (has('AUTHORIZATION_FAILURE') && amounts.authorizePending === 0n) status = 'FAILED';
  else status = 'NOT_PAID';

  return {
    ...amounts,
    status,
    authorizeStatus: coverage(amounts.authorized + charged, orderTotalMinor),
    chargeStatus: coverage(charged, orderTotalMinor),
  };
}
