import { describe, expect, it } from '@jest/globals';
import { foldPaymentEvents, type PaymentEventType, type PaymentLedgerEvent } from '../../src/domain/payment-ledger.js';

const e = (type: PaymentEventType, amount: number, ids: { psp?: string; key?: string } = {}): PaymentLedgerEvent => ({
  type,
  amountMinor: BigInt(amount),
  pspEventId: ids.psp ?? null,
  idempotencyKey: ids.key ?? null,
});

describe('payment ledger fold', () => {
  it('starts NOT_PAID with nothing pending', () => {
    expect(foldPaymentEvents([], 1000n)).toMatchObject({
      authorized: 0n,
      charged: 0n,
      status: 'NOT_PAID',
      authorizeStatus: 'NONE',
      chargeStatus: 'NONE',
    });
  });

  it('holds a requested authorization as pending until its outcome', () => {
    const requested = foldPaymentEvents([e('AUTHORIZATION_REQUEST', 1000, { key: 'r:auth' })], 1000n);
    expect(requested).toMatchObject({ authorizePending: 1000n, authorized: 0n, status: 'NOT_PAID' });
    const done = foldPaymentEvents(
      [e('AUTHORIZATION_REQUEST', 1000, { key: 'r:auth' }), e('AUTHORIZATION_SUCCESS', 1000, { psp: 'evt_1' })],
      1000n,
    );
    expect(done).toMatchObject({ authorizePending: 0n, authorized: 1000n, status: 'AUTHORIZED', authorizeStatus: 'FULL' });
  });

  it('reports ACTION_REQUIRED while 3-D Secure is open, FAILED after a decline', () => {
    expect(
      foldPaymentEvents([e('AUTHORIZATION_REQUEST', 1000, { key: 'k' }), e('AUTHORIZATION_ACTION_REQUIRED', 1000, { key: 'k' })], 1000n)
        .status,
    ).toBe('ACTION_REQUIRED');
    const declined = foldPaymentEvents(
      [e('AUTHORIZATION_REQUEST', 1000, { key: 'k' }), e('AUTHORIZATION_FAILURE', 1000, { psp: 'evt_f' })],
      1000n,
    );
    expect(declined).toMatchObject({ status: 'FAILED', authorizePending: 0n, authorized: 0n });
  });

  it('moves captured money from authorized to charged, partially then fully', () => {
    const base = [e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }), e('CHARGE_REQUEST', 400, { key: 'c1' })];
    expect(foldPaymentEvents(base, 1000n)).toMatchObject({ chargePending: 400n, authorized: 1000n, status: 'AUTHORIZED' });
    const partial = foldPaymentEvents([...base, e('CHARGE_SUCCESS', 400, { psp: 'c1' })], 1000n);
    expect(partial).toMatchObject({
      authorized: 600n,
      charged: 400n,
      chargePending: 0n,
      status: 'PARTIALLY_PAID',
      chargeStatus: 'PARTIAL',
      authorizeStatus: 'FULL',
    });
    const full = foldPaymentEvents([...base, e('CHARGE_SUCCESS', 400, { psp: 'c1' }), e('CHARGE_SUCCESS', 600, { psp: 'c2' })], 1000n);
    expect(full).toMatchObject({ authorized: 0n, charged: 1000n, status: 'PAID', chargeStatus: 'FULL' });
    expect(foldPaymentEvents([...base, e('CHARGE_SUCCESS', 1200, { psp: 'c3' })], 1000n).chargeStatus).toBe('OVERCHARGED');
  });

  it('keeps the authorization when a capture fails', () => {
    const fold = foldPaymentEvents(
      [e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }), e('CHARGE_REQUEST', 1000, { key: 'c' }), e('CHARGE_FAILURE', 1000, { psp: 'f' })],
      1000n,
    );
    expect(fold).toMatchObject({ authorized: 1000n, charged: 0n, chargePending: 0n, status: 'AUTHORIZED' });
  });

  it('voids an authorization', () => {
    const fold = foldPaymentEvents(
      [e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }), e('CANCEL_REQUEST', 1000, { key: 'v' }), e('CANCEL_SUCCESS', 1000, { psp: 'v' })],
      1000n,
    );
    expect(fold).toMatchObject({ authorized: 0n, canceled: 1000n, cancelPending: 0n, status: 'VOIDED' });
  });

  it('refunds partially then fully, with a failed refund leaving nothing pending', () => {
    const paid = [e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }), e('CHARGE_SUCCESS', 1000, { psp: 'c' })];
    const pending = foldPaymentEvents([...paid, e('REFUND_REQUEST', 300, { key: 'r1' })], 1000n);
    expect(pending).toMatchObject({ refundPending: 300n, refunded: 0n, status: 'PAID' });
    const failed = foldPaymentEvents([...paid, e('REFUND_REQUEST', 300, { key: 'r1' }), e('REFUND_FAILURE', 300, { psp: 'rf' })], 1000n);
    expect(failed).toMatchObject({ refundPending: 0n, refunded: 0n, status: 'PAID' });
    const partial = foldPaymentEvents([...paid, e('REFUND_SUCCESS', 300, { psp: 'r1' })], 1000n);
    expect(partial).toMatchObject({ refunded: 300n, status: 'PARTIALLY_REFUNDED' });
    expect(
      foldPaymentEvents([...paid, e('REFUND_SUCCESS', 300, { psp: 'r1' }), e('REFUND_SUCCESS', 700, { psp: 'r2' })], 1000n).status,
    ).toBe('REFUNDED');
  });

  it('folds a duplicate once: same provider event id, or same type and idempotency key', () => {
    const once = foldPaymentEvents([e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }), e('CHARGE_SUCCESS', 1000, { psp: 'c' })], 1000n);
    const twice = foldPaymentEvents(
      [
        e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }),
        e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }),
        e('CHARGE_SUCCESS', 1000, { psp: 'c' }),
        e('CHARGE_SUCCESS', 1000, { psp: 'c' }),
      ],
      1000n,
    );
    expect(twice).toEqual(once);
    expect(foldPaymentEvents([e('CHARGE_REQUEST', 500, { key: 'k' }), e('CHARGE_REQUEST', 500, { key: 'k' })], 1000n).chargePending).toBe(
      500n,
    );
    expect(foldPaymentEvents([e('CHARGE_REQUEST', 500, { key: 'k' }), e('REFUND_REQUEST', 500, { key: 'k' })], 1000n)).toMatchObject({
      chargePending: 500n,
      refundPending: 500n,
    });
  });

  it('does not depend on the order events arrive in', () => {
    const events = [
      e('AUTHORIZATION_REQUEST', 1000, { key: 'a' }),
      e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }),
      e('CHARGE_REQUEST', 1000, { key: 'c' }),
      e('CHARGE_SUCCESS', 1000, { psp: 'c' }),
      e('REFUND_SUCCESS', 250, { psp: 'r' }),
    ];
    const expected = foldPaymentEvents(events, 1000n);
    expect(foldPaymentEvents([...events].reverse(), 1000n)).toEqual(expected);
    expect(foldPaymentEvents([events[3]!, events[0]!, events[4]!, events[1]!, events[2]!], 1000n)).toEqual(expected);
    expect(expected).toMatchObject({ authorized: 0n, charged: 1000n, refunded: 250n, status: 'PARTIALLY_REFUNDED' });
  });

  it('applies charge-backs, refund reversals and authorization adjustments', () => {
    const fold = foldPaymentEvents(
      [
        e('AUTHORIZATION_SUCCESS', 1000, { psp: 'a' }),
        e('AUTHORIZATION_ADJUSTMENT', 800, { psp: 'adj' }),
        e('CHARGE_SUCCESS', 500, { psp: 'c' }),
        e('CHARGE_BACK', 100, { psp: 'cb' }),
      ],
      1000n,
    );
    expect(fold).toMatchObject({ authorized: 300n, charged: 400n });
    expect(
      foldPaymentEvents(
        [e('CHARGE_SUCCESS', 500, { psp: 'c' }), e('REFUND_SUCCESS', 500, { psp: 'r' }), e('REFUND_REVERSE', 500, { psp: 'rr' })],
        500n,
      ),
    ).toMatchObject({ refunded: 0n, status: 'PAID' });
  });
});
