import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { UserErrorCode } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { CHECKOUT_TTL_SECONDS, CheckoutStatus } from '../domain/checkout-status.js';
import { type OrderDiscountRecord, type OrderSnapshot, confirmationProblems } from '../domain/order-snapshot.js';
import type { CheckoutPort, Refusal } from '../steps/ports.js';
import { type CheckoutComputation, computeCheckout, gatherCheckoutFacts } from './checkout-totals.service.js';
import { choicesOf } from './checkout.service.js';
import { claimSession, completeSession, moveSession, sessionById, sessionWithCart } from '../store/checkout-session.sql.js';

/** Each discount of a computed checkout, as the preview lists it and the order keeps it. */
export function discountRecordsOf(c: CheckoutComputation): OrderDiscountRecord[] {
  return [
    ...c.discounted.promotions.map((p): OrderDiscountRecord => ({
      kind: 'PROMOTION',
      promotionId: p.promotionId,
      code: p.code,
      points: null,
      amountMinor: String(p.amount.amountMinor),
    })),
    ...(c.discounted.tierShippingDiscount.amountMinor > 0n
      ? [
          {
            kind: 'TIER_BENEFIT' as const,
            promotionId: null,
            code: null,
            points: null,
            amountMinor: String(c.discounted.tierShippingDiscount.amountMinor),
          },
        ]
      : []),
    ...(c.discounted.pointsUsed > 0
      ? [
          {
            kind: 'LOYALTY' as const,
            promotionId: null,
            code: null,
            points: c.discounted.pointsUsed,
            amountMinor: String(c.discounted.loyaltyDiscount.amountMinor),
          },
        ]
      : []),
  ];
}

const problem = (code: UserErrorCode, message: string, field: string[]): Refusal => ({ code, message, field });

/**
 * Prices a session now through the preview's totals path and freezes everything the order needs,
 * or lists what stops it from being confirmed (a line no longer sold, a missing address, method,
 * payment method or contact email).
 */
export async function snapshotSession(
  em: EntityManager,
  runtime: SubgraphRuntime,
  sessionId: string,
): Promise<{ snapshot: OrderSnapshot } | { refusals: Refusal[] }> {
  const found = await sessionWithCart(await PreparedSql.of(em), sessionId);
  if (!found) return { refusals: [problem(UserErrorCode.NOT_FOUND, 'No such checkout', ['input', 'checkoutSessionId'])] };
  const { session, cart } = found;
  const lines = cart.lines;
  const facts = await gatherCheckoutFacts(runtime, session.currency as CurrencyCode, session.customerId ?? null, lines);
  const unsellable = facts.lines.filter((l) => !l.sellable);
  if (unsellable.length > 0) {
    return {
      refusals: unsellable.map((l) =>
        problem(UserErrorCode.NOT_SELLABLE, `${l.name} is no longer for sale: remove it from the cart`, ['cart', 'lines', l.key]),
      ),
    };
  }
  const email = session.email ?? facts.context?.email ?? null;
  const missing = confirmationProblems({
    shippingAddress: session.shippingAddress,
    shippingMethodCode: session.shippingMethodCode,
    hasPayment: !!session.payment,
    email,
  });
  if (missing.length > 0) return { refusals: missing.map((p) => problem(UserErrorCode.INVALID_INPUT, p.message, ['checkout', p.field])) };
  const c = await computeCheckout(runtime, facts, choicesOf(session));
  if (!c.shipping)
    return {
      refusals: [
        problem(UserErrorCode.INVALID_INPUT, 'The chosen shipping method is not offered for this address: choose another', [
          'checkout',
          'shippingMethodCode',
        ]),
      ],
    };
  if (c.promotions.unknownCodes.length > 0) {
    return {
      refusals: [
        problem(UserErrorCode.PROMOTION_UNAVAILABLE, `No promotion has the code "${c.promotions.unknownCodes[0]}" any more`, [
          'checkout',
          'promotionCodes',
        ]),
      ],
    };
  }
  const payment = session.payment!;
  const token = payment.savedPaymentMethodId
    ? facts.context?.paymentMethods.find((m) => m.id === payment.savedPaymentMethodId)?.providerToken
    : payment.providerToken;
  if (!token)
    return {
      refusals: [
        problem(UserErrorCode.INVALID_INPUT, 'The saved card is no longer in your account: choose a payment method again', [
          'checkout',
          'payment',
        ]),
      ],
    };
  const t = c.totals;
  return {
    snapshot: {
      currency: t.currency,
      ownerKey: session.ownerKey,
      customerId: session.customerId ?? null,
      cartId: cart.id,
      reservationId: session.reservationId,
      email: email!,
      lines: c.discounted.lines.map((l) => {
        const fact = facts.lines.find((f) => f.key === l.key)!;
        return {
          sku: l.sku,
          productId: fact.productId,
          name: fact.name,
          quantity: l.quantity,
          unitPriceMinor: String(l.unitPrice.amountMinor),
          lineTotalMinor: String(l.lineTotal.amountMinor),
          discountMinor: String(l.promotionDiscount.amountMinor),
          loyaltyDiscountMinor: String(l.loyaltyDiscount.amountMinor),
        };
      }),
      subtotalMinor: String(t.subtotal.amountMinor),
      discountMinor: String(c.discounted.promotionLineDiscount.amountMinor),
      loyaltyDiscountMinor: String(t.loyaltyDiscount.amountMinor),
      shippingMinor: String(t.shipping.amountMinor),
      shippingDiscountMinor: String(t.shippingDiscount.amountMinor),
      taxMinor: String(t.tax.amountMinor),
      exclusiveTaxMinor: String(t.exclusiveTax.amountMinor),
      totalMinor: String(t.total.amountMinor),
      shippingAddress: session.shippingAddress!,
      billingAddress: session.billingAddress ?? session.shippingAddress!,
      shippingMethod: { code: c.shipping.code, name: c.shipping.name },
      discounts: discountRecordsOf(c),
      pointsUsed: c.discounted.pointsUsed,
      segments: c.promotionInput.segments,
      promotionCart: {
        lines: c.promotionInput.lines.map((l) => ({ ...l, unitPriceMinor: String(l.unitPriceMinor) })),
        shippingAmountMinor: String(c.promotionInput.shippingAmountMinor),
        codes: c.promotionInput.codes,
      },
      payment: { token, brand: String(payment.brand), last4: payment.last4, savedPaymentMethodId: payment.savedPaymentMethodId ?? null },
      notes: session.notes ?? null,
      unappliedCodes: session.promotionCodes.filter(
        (code) => !c.promotions.applied.some((p) => p.code?.toLowerCase() === code.toLowerCase()),
      ),
    },
  };
}

/** The checkout port of the confirmation steps. */
export function checkoutPort(fork: () => EntityManager, runtime: SubgraphRuntime): CheckoutPort {
  return {
    async claim(tx, sessionId, ownerKey) {
      const sql = PreparedSql.ofTransaction(tx);
      const claimed = await claimSession(sql, sessionId, ownerKey, CHECKOUT_TTL_SECONDS);
      if (claimed) return { reservationId: claimed.reservationId };
      const session = await sessionById(sql, sessionId);
      if (!session || session.ownerKey !== ownerKey)
        return problem(UserErrorCode.NOT_FOUND, 'No such checkout', ['input', 'checkoutSessionId']);
      if (session.status === CheckoutStatus.OPEN || session.status === CheckoutStatus.EXPIRED) {
        return problem(UserErrorCode.CHECKOUT_EXPIRED, 'This checkout expired and its stock was released: start checkout again', [
          'input',
          'checkoutSessionId',
        ]);
      }
      return problem(UserErrorCode.INVALID_STATUS_TRANSITION, `This checkout is ${session.status.toLowerCase()}`, [
        'input',
        'checkoutSessionId',
      ]);
    },
    async reopen(tx, sessionId) {
      await moveSession(PreparedSql.ofTransaction(tx), sessionId, CheckoutStatus.OPEN);
    },
    snapshot: (sessionId) => snapshotSession(fork(), runtime, sessionId),
    async complete(tx, sessionId) {
      await completeSession(PreparedSql.ofTransaction(tx), sessionId);
    },
  };
}
