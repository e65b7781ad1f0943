import { describe, expect, it } from '@jest/globals';
import { TransitionError } from '@shopgraph/fsm';
import {
  FULFILMENT_MACHINE,
  FulfilmentState,
  FulfillmentStatus,
  type FulfilmentItem,
  type FulfilmentLineFact,
  fulfilmentRefusal,
  fulfillmentStatusOf,
  lineProgress,
} from '../../src/domain/fulfilment.js';
import { type Actor, type OrderFacts, ORDER_PROCESS, OrderState, OrderStatus, displayStatusOf } from '../../src/domain/order-process.js';
import {
  OrderPaymentStatus,
  type PaymentFacts,
  captureRefusal,
  orderMoney,
  paymentStatusOf,
  refundRefusal,
} from '../../src/domain/payment-status.js';
import { refundLinesRefusal, refundOfLines, reversalRule } from '../../src/domain/refund.js';
import {
  RETURN_MACHINE,
  ReturnRequestState,
  ReturnStatus,
  returnRefusal,
  returnStatusOf,
  returnWindowOpen,
} from '../../src/domain/return-policy.js';

const { PENDING, CONFIRMED, COMPLETED, CANCELLED } = OrderState;
const STATES = Object.values(OrderState);
const ACTORS: Actor[] = ['shopper', 'admin', 'system'];

/** Facts under which every guard allows its move: nothing shipped for a cancel, all settled for completion. */
const OPEN: OrderFacts = {
  fulfillment: FulfillmentStatus.UNFULFILLED,
  payment: OrderPaymentStatus.PAID,
  returns: ReturnStatus.NONE,
  returnWindowOpen: false,
};
const DONE: OrderFacts = { ...OPEN, fulfillment: FulfillmentStatus.DELIVERED };

/** Every move the table allows, with the actors allowed and the facts its guard needs: everything else is refused. */
const ALLOWED: [OrderState, OrderState, Actor[], OrderFacts][] = [
  [PENDING, CONFIRMED, ['admin', 'system'], OPEN],
  [PENDING, CANCELLED, ['system'], OPEN],
  [CONFIRMED, COMPLETED, ['system'], DONE],
  [CONFIRMED, CANCELLED, ['shopper', 'admin', 'system'], OPEN],
];

describe('order state machine', () => {
  const cases = STATES.flatMap((from) =>
    STATES.flatMap((to) =>
      ACTORS.map((actor) => {
        const allowed = ALLOWED.find(([f, t]) => f === from && t === to);
        return [from, to, actor, allowed?.[3] ?? DONE, allowed?.[2].includes(actor) ?? false] as const;
      }),
    ),
  );

  it.each(cases)('%s → %s by %s: allowed %#', (from, to, actor, facts, allowed) => {
    expect(ORDER_PROCESS.can(from, to, actor, facts)).toBe(allowed);
  });

  it('never leaves CANCELLED or COMPLETED', () => {
    expect(STATES.filter((s) => ORDER_PROCESS.isTerminal(s))).toEqual([COMPLETED, CANCELLED]);
  });

  it.each([
    [FulfillmentStatus.UNFULFILLED, true],
    [FulfillmentStatus.PARTIALLY_FULFILLED, true],
    [FulfillmentStatus.FULFILLED, true],
    [FulfillmentStatus.PARTIALLY_SHIPPED, false],
    [FulfillmentStatus.SHIPPED, false],
    [FulfillmentStatus.PARTIALLY_DELIVERED, false],
    [FulfillmentStatus.DELIVERED, false],
  ])('cancels a confirmed order whose fulfilment is %s: %s (only before the first shipment)', (fulfillment, allowed) => {
    expect(ORDER_PROCESS.can(CONFIRMED, CANCELLED, 'shopper', { ...OPEN, fulfillment })).toBe(allowed);
  });

  it('refuses a shopper cancelling after shipment with the reason and code', () => {
    const refusal = () =>
      ORDER_PROCESS.assert(CONFIRMED, CANCELLED, 'shopper', { ...OPEN, fulfillment: FulfillmentStatus.PARTIALLY_SHIPPED });
    expect(refusal).toThrow(new TransitionError(CONFIRMED, CANCELLED, 'Part of this order has shipped: return it instead of cancelling'));
    expect(() => ORDER_PROCESS.assert(PENDING, CANCELLED, 'shopper', OPEN)).toThrow('only system may make it CANCELLED');
  });

  it.each<[string, Partial<OrderFacts>, string | null]>([
    ['delivered, paid, no return, window closed', {}, null],
    ['partially refunded', { payment: OrderPaymentStatus.PARTIALLY_REFUNDED }, null],
    ['refunded', { payment: OrderPaymentStatus.REFUNDED }, null],
    ['returned in part', { returns: ReturnStatus.PARTIALLY_RETURNED }, null],
    ['partially delivered', { fulfillment: FulfillmentStatus.PARTIALLY_DELIVERED }, 'The order is not fully delivered'],
    ['only authorized', { payment: OrderPaymentStatus.AUTHORIZED }, 'The payment is AUTHORIZED, not settled'],
    ['partially paid', { payment: OrderPaymentStatus.PARTIALLY_PAID }, 'The payment is PARTIALLY_PAID, not settled'],
    ['a return open', { returns: ReturnStatus.REQUESTED }, 'A return of this order is open'],
    ['the window open', { returnWindowOpen: true }, 'The return window is still open'],
  ])('completes when %s: refusal %p', (_label, change, reason) => {
    expect(ORDER_PROCESS.refusal(CONFIRMED, COMPLETED, 'system', { ...DONE, ...change })).toBe(reason);
  });
});

describe('display status', () => {
  it.each<[OrderState, FulfillmentStatus, OrderStatus]>([
    [PENDING, FulfillmentStatus.UNFULFILLED, OrderStatus.PENDING],
    [CANCELLED, FulfillmentStatus.FULFILLED, OrderStatus.CANCELLED],
    [COMPLETED, FulfillmentStatus.DELIVERED, OrderStatus.DELIVERED],
    [CONFIRMED, FulfillmentStatus.UNFULFILLED, OrderStatus.CONFIRMED],
    [CONFIRMED, FulfillmentStatus.PARTIALLY_FULFILLED, OrderStatus.PROCESSING],
    [CONFIRMED, FulfillmentStatus.FULFILLED, OrderStatus.PROCESSING],
    [CONFIRMED, FulfillmentStatus.PARTIALLY_SHIPPED, OrderStatus.PROCESSING],
    [CONFIRMED, FulfillmentStatus.SHIPPED, OrderStatus.SHIPPED],
    [CONFIRMED, FulfillmentStatus.PARTIALLY_DELIVERED, OrderStatus.SHIPPED],
    [CONFIRMED, FulfillmentStatus.DELIVERED, OrderStatus.DELIVERED],
  ])('%s with fulfilment %s shows %s', (state, fulfillment, display) => {
    expect(displayStatusOf(state, fulfillment)).toBe(display);
  });
});

describe('fulfilment', () => {
  const FS = Object.values(FulfilmentState);
  const MOVES = new Set(['PENDING>SHIPPED', 'PENDING>CANCELLED', 'SHIPPED>DELIVERED']);
  it.each(FS.flatMap((from) => FS.map((to) => [from, to, MOVES.has(`${from}>${to}`)] as const)))('%s → %s: %s', (from, to, allowed) => {
    expect(FULFILMENT_MACHINE.can(from, to)).toBe(allowed);
  });

  const items: FulfilmentItem[] = [
    { id: 'a', quantity: 2, cancelledQuantity: 0 },
    { id: 'b', quantity: 3, cancelledQuantity: 1 },
  ];
  const line = (orderItemId: string, quantity: number, state: FulfilmentState): FulfilmentLineFact => ({ orderItemId, quantity, state });
  const { PENDING: P, SHIPPED: S, DELIVERED: D, CANCELLED: C } = FulfilmentState;

  it.each<[string, FulfilmentLineFact[], FulfillmentStatus]>([
    ['nothing', [], FulfillmentStatus.UNFULFILLED],
    ['only a cancelled parcel', [line('a', 2, C)], FulfillmentStatus.UNFULFILLED],
    ['part packed', [line('a', 1, P)], FulfillmentStatus.PARTIALLY_FULFILLED],
    ['all due packed (cancelled units not due)', [line('a', 2, P), line('b', 2, P)], FulfillmentStatus.FULFILLED],
    ['part shipped', [line('a', 2, S), line('b', 2, P)], FulfillmentStatus.PARTIALLY_SHIPPED],
    ['part delivered, rest not shipped', [line('a', 2, D)], FulfillmentStatus.PARTIALLY_SHIPPED],
    ['all shipped', [line('a', 2, S), line('b', 2, S)], FulfillmentStatus.SHIPPED],
    ['all shipped, part delivered', [line('a', 2, D), line('b', 2, S)], FulfillmentStatus.PARTIALLY_DELIVERED],
    ['all delivered', [line('a', 2, D), line('b', 1, D), line('b', 1, D)], FulfillmentStatus.DELIVERED],
  ])('%s: %s', (_label, lines, status) => {
    expect(fulfillmentStatusOf(items, lines)).toBe(status);
  });

  it('fulfils at most ordered − cancelled − fulfilled per line, counting repeated lines together', () => {
    const packed = [line('a', 1, P), line('b', 1, C)];
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'a', quantity: 1 }])).toBeNull();
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'b', quantity: 2 }])).toBeNull();
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'a', quantity: 2 }])).toEqual({
      index: 0,
      reason: 'Only 1 units of this line remain to fulfil',
    });
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'b', quantity: 3 }])?.index).toBe(0);
    expect(
      fulfilmentRefusal(items, packed, [
        { orderItemId: 'b', quantity: 1 },
        { orderItemId: 'b', quantity: 2 },
      ])?.index,
    ).toBe(1);
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'x', quantity: 1 }])?.reason).toBe('No such line in this order');
    expect(fulfilmentRefusal(items, packed, [{ orderItemId: 'a', quantity: 0 }])?.reason).toBe('quantity must be a positive integer');
    expect(fulfilmentRefusal(items, packed, [])?.reason).toBe('A fulfilment needs at least one line');
  });
});

describe('payment status', () => {
  const pay = (p: Partial<PaymentFacts>): PaymentFacts => ({
    authorized: 0n,
    charged: 0n,
    refunded: 0n,
    canceled: 0n,
    status: 'NOT_PAID',
    ...p,
  });
  it.each<[string, PaymentFacts[], OrderPaymentStatus]>([
    ['no payment', [], OrderPaymentStatus.NOT_PAID],
    ['a failed attempt', [pay({ status: 'FAILED' })], OrderPaymentStatus.NOT_PAID],
    ['3-D Secure pending', [pay({ status: 'ACTION_REQUIRED' })], OrderPaymentStatus.ACTION_REQUIRED],
    ['authorized', [pay({ authorized: 1000n })], OrderPaymentStatus.AUTHORIZED],
    ['part captured', [pay({ authorized: 400n, charged: 600n })], OrderPaymentStatus.PARTIALLY_PAID],
    ['all captured', [pay({ charged: 1000n })], OrderPaymentStatus.PAID],
    ['part refunded', [pay({ charged: 1000n, refunded: 1n })], OrderPaymentStatus.PARTIALLY_REFUNDED],
    ['all refunded', [pay({ charged: 1000n, refunded: 1000n })], OrderPaymentStatus.REFUNDED],
    ['voided', [pay({ canceled: 1000n })], OrderPaymentStatus.VOIDED],
    ['expired', [pay({ expired: true })], OrderPaymentStatus.EXPIRED],
    ['two payments adding up', [pay({ charged: 500n }), pay({ charged: 500n })], OrderPaymentStatus.PAID],
  ])('%s: %s', (_label, payments, status) => {
    expect(paymentStatusOf(payments, 1000n)).toBe(status);
  });

  it('captures at most what is authorized and refunds at most captured − refunded', () => {
    const money = orderMoney([pay({ authorized: 300n, charged: 700n, refunded: 200n })]);
    expect(captureRefusal(money, 300n)).toBeNull();
    expect(captureRefusal(money, 301n)).toMatch(/Only 300/);
    expect(captureRefusal(money, 0n)).toMatch(/positive/);
    expect(refundRefusal(money, 500n)).toBeNull();
    expect(refundRefusal(money, 501n)).toMatch(/Only 500/);
    expect(refundRefusal(money, -1n)).toMatch(/positive/);
  });

  it('gives usage and loyalty back on a cancel, not on a refund', () => {
    expect(reversalRule('CANCEL')).toEqual({ giveUsageBack: true, reverseLoyalty: true });
    expect(reversalRule('REFUND')).toEqual({ giveUsageBack: false, reverseLoyalty: false });
  });
});

describe('returns', () => {
  const { REQUESTED, APPROVED, DECLINED, RECEIVED } = ReturnRequestState;
  const ret = (state: ReturnRequestState, quantity: number) => ({ state, lines: [{ orderItemId: 'a', quantity }] });

  it.each<[string, ReturnType<typeof ret>[], ReturnStatus]>([
    ['none', [], ReturnStatus.NONE],
    ['declined', [ret(DECLINED, 1)], ReturnStatus.NONE],
    ['requested', [ret(REQUESTED, 1)], ReturnStatus.REQUESTED],
    ['approved, on its way', [ret(RECEIVED, 1), ret(APPROVED, 1)], ReturnStatus.REQUESTED],
    ['part received', [ret(RECEIVED, 1)], ReturnStatus.PARTIALLY_RETURNED],
    ['all received', [ret(RECEIVED, 1), ret(RECEIVED, 2)], ReturnStatus.RETURNED],
  ])('%s: %s', (_label, returns, status) => {
    expect(returnStatusOf(returns, 3)).toBe(status);
  });

  it('keeps the window open until the last millisecond of its days after delivery', () => {
    const delivered = new Date('2026-01-01T00:00:00Z');
    expect(returnWindowOpen(delivered, 30, new Date('2026-01-31T00:00:00Z'))).toBe(true);
    expect(returnWindowOpen(delivered, 30, new Date('2026-01-31T00:00:00.001Z'))).toBe(false);
    expect(returnWindowOpen(null, 30, delivered)).toBe(false);
  });

  it('returns only delivered units not already asked back, within the window', () => {
    const items: FulfilmentItem[] = [{ id: 'a', quantity: 3, cancelledQuantity: 0 }];
    const progress = lineProgress(items, [
      { orderItemId: 'a', quantity: 2, state: FulfilmentState.DELIVERED },
      { orderItemId: 'a', quantity: 1, state: FulfilmentState.SHIPPED },
    ]);
    const asked = [ret(REQUESTED, 1), ret(DECLINED, 2)];
    expect(returnRefusal(progress, asked, [{ orderItemId: 'a', quantity: 1 }], true)).toBeNull();
    expect(returnRefusal(progress, asked, [{ orderItemId: 'a', quantity: 2 }], true)?.reason).toBe(
      'Only 2 delivered units of this line can be returned',
    );
    expect(returnRefusal(progress, asked, [{ orderItemId: 'a', quantity: 1 }], false)?.reason).toBe(
      'The return window of this order is closed',
    );
    expect(returnRefusal(progress, [], [{ orderItemId: 'b', quantity: 1 }], true)?.reason).toBe('No such line in this order');
  });
});

describe('refunds by lines', () => {
  const lines = [
    { id: 'a', quantity: 2, lineTotalMinor: 1000n, discountMinor: 100n, loyaltyDiscountMinor: 0n },
    { id: 'b', quantity: 3, lineTotalMinor: 999n, discountMinor: 0n, loyaltyDiscountMinor: 99n },
  ];

  it('refunds the paid price per unit plus its share of the tax on top, rounded down, never above what was paid', () => {
    expect(refundOfLines(lines, 0n, [{ orderItemId: 'a', quantity: 1 }])).toBe(450n);
    // paid 900 + 900 = 1800; tax 180 on top: one unit of a (450) carries 45.
    expect(refundOfLines(lines, 180n, [{ orderItemId: 'a', quantity: 1 }])).toBe(495n);
    expect(refundOfLines(lines, 180n, [{ orderItemId: 'b', quantity: 1 }])).toBe(330n);
    const all = refundOfLines(lines, 180n, [
      { orderItemId: 'a', quantity: 2 },
      { orderItemId: 'b', quantity: 3 },
    ]);
    expect(all).toBe(1980n);
  });

  it('refuses unknown lines, empty or non-positive quantities and more units than ordered', () => {
    expect(refundLinesRefusal(lines, [{ orderItemId: 'b', quantity: 3 }])).toBeNull();
    expect(refundLinesRefusal(lines, [])?.reason).toBe('A refund by lines needs at least one line');
    expect(refundLinesRefusal(lines, [{ orderItemId: 'x', quantity: 1 }])?.reason).toBe('No such line in this order');
    expect(refundLinesRefusal(lines, [{ orderItemId: 'a', quantity: 0 }])?.reason).toBe('quantity must be a positive integer');
    expect(
      refundLinesRefusal(lines, [
        { orderItemId: 'a', quantity: 1 },
        { orderItemId: 'a', quantity: 2 },
      ]),
    ).toEqual({ index: 1, reason: 'Only 2 units of this line were ordered' });
  });
});

describe('return request machine', () => {
  const RS = Object.values(ReturnRequestState);
  const MOVES = new Set(['REQUESTED>APPROVED', 'REQUESTED>DECLINED', 'APPROVED>RECEIVED']);
  it.each(RS.flatMap((from) => RS.map((to) => [from, to, MOVES.has(`${from}>${to}`)] as const)))('%s → %s: %s', (from, to, allowed) => {
    expect(RETURN_MACHINE.can(from, to)).toBe(allowed);
  });
});
