import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { ForbiddenError, UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { CartStatus } from '../domain/cart-status.js';
import { CHECKOUT_TTL_SECONDS, CheckoutStatus } from '../domain/checkout-status.js';
import type { CheckoutAddress } from '../domain/checkout-state.js';
import { type CheckoutChanges, type CheckoutUpdate, type SavedData, resolveUpdate } from '../domain/checkout-update.js';
import { cartsByIds, lockCart, openCart } from '../store/cart.sql.js';
import {
  closeSessions,
  openSession,
  openSessionOfCart,
  saveCheckoutChanges,
  sessionById,
  sessionWithCart,
} from '../store/checkout-session.sql.js';
import type { CartView, CheckoutSessionView } from '../store/rows.js';
import { releaseHeldStock } from './checkout-session.service.js';
import { type CheckoutComputation, type CheckoutFacts, computeCheckout, gatherCheckoutFacts } from './checkout-totals.service.js';
import { fetchCustomerContext } from './customer.client.js';
import { releaseReservation, reserveStock } from './inventory.client.js';

/** Who is checking out: the owner key of their cart and, when signed in, the customer id. */
export interface Shopper {
  ownerKey: string;
  customerId: string | null;
  /** Admins (and services) may read and change any session. */
  staff: boolean;
}

/** A session with its cart and computed totals, or why nothing changed. */
export interface CheckoutOutcome {
  session: CheckoutSessionView | null;
  cart: CartView | null;
  computation: CheckoutComputation | null;
  userErrors: UserError[];
}

const fail = (code: UserErrorCode, message: string, field: string[]): CheckoutOutcome => ({
  session: null,
  cart: null,
  computation: null,
  userErrors: [userError(code, message, field)],
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The choices of a session, as the totals read them. */
export function choicesOf(session: CheckoutSessionView) {
  return {
    shippingAddress: session.shippingAddress ?? null,
    shippingMethodCode: session.shippingMethodCode ?? null,
    promotionCodes: session.promotionCodes,
    loyaltyPoints: session.loyaltyPoints,
  };
}

/** Recomputes a session's totals from current prices (the same path the confirmation uses). */
export async function describeSession(
  em: EntityManager,
  runtime: SubgraphRuntime,
  session: CheckoutSessionView,
  cart?: CartView,
): Promise<CheckoutOutcome> {
  const theCart = cart ?? (await cartsByIds(await PreparedSql.of(em), [session.cartId]))[0]!;
  const facts = await gatherCheckoutFacts(runtime, session.currency as CurrencyCode, session.customerId, theCart.lines);
  return { session, cart: theCart, computation: await computeCheckout(runtime, facts, choicesOf(session)), userErrors: [] };
}

/**
 * A session by id for its owner (or staff). An unknown id is null; another shopper's session is
 * FORBIDDEN, for reads and mutations alike. An OPEN session past its time is expired on the spot.
 */
export async function findSession(
  em: EntityManager,
  runtime: SubgraphRuntime,
  shopper: Shopper,
  id: string,
): Promise<CheckoutSessionView | null> {
  if (!UUID.test(id)) return null;
  const sql = await PreparedSql.of(em);
  const session = await sessionById(sql, id);
  if (!session) return null;
  if (!shopper.staff && session.ownerKey !== shopper.ownerKey) throw new ForbiddenError('This checkout belongs to another shopper');
  if (session.status === CheckoutStatus.OPEN && session.expiresAt.getTime() <= Date.now()) {
    const closed = await closeSessions(sql, [id], CheckoutStatus.EXPIRED);
    await releaseHeldStock(runtime, closed, runtime.logger);
    // Closed here, or by the expiry job or the shopper meanwhile: what is stored now.
    return closed[0] ?? (await sessionById(sql, id));
  }
  return session;
}

/** Why a session cannot change any more, or null while it is OPEN. */
export function closedProblem(session: CheckoutSessionView): UserError | null {
  switch (session.status) {
    case CheckoutStatus.OPEN:
      return null;
    case CheckoutStatus.EXPIRED:
      return userError(UserErrorCode.CHECKOUT_EXPIRED, 'This checkout expired and its stock was released: start checkout again', [
        'input',
        'checkoutSessionId',
      ]);
    default:
      return userError(UserErrorCode.INVALID_STATUS_TRANSITION, `This checkout is ${session.status.toLowerCase()}`, [
        'input',
        'checkoutSessionId',
      ]);
  }
}

function lineProblems(facts: CheckoutFacts): UserError[] {
  return facts.lines.flatMap((l) =>
    l.sellable ? [] : [userError(UserErrorCode.NOT_SELLABLE, `${l.name} is no longer for sale`, ['cart', 'lines', l.key])],
  );
}

/**
 * Starts checkout on the shopper's cart: every line must exist, be for sale and priced, and the
 * inventory must hold all of it (one all-or-nothing reservation for the session's TTL, keyed by
 * the session id so a retry never holds twice). The cart becomes CHECKOUT and cannot change until
 * the session is abandoned, expires or is confirmed. Starting again while a session is OPEN
 * returns that session. The customer's default addresses are preselected.
 */
export async function startCheckout(
  em: EntityManager,
  runtime: SubgraphRuntime,
  shopper: Shopper,
  currency: CurrencyCode,
): Promise<CheckoutOutcome> {
  const sql = await PreparedSql.of(em);
  let cart = await openCart(sql, shopper.ownerKey);
  if (cart?.status === CartStatus.CHECKOUT) {
    const open = await openSessionOfCart(sql, cart.id);
    const current = open && (await findSession(em, runtime, shopper, open.id));
    if (current?.status === CheckoutStatus.OPEN) return describeSession(em, runtime, current, cart);
    cart = await openCart(sql, shopper.ownerKey);
  }
  if (!cart || cart.lines.length === 0) return fail(UserErrorCode.CART_EMPTY, 'Your cart is empty', ['cart']);
  const lines = cart.lines;
  const facts = await gatherCheckoutFacts(runtime, currency, shopper.customerId, lines);
  const problems = lineProblems(facts);
  if (problems.length) return { session: null, cart: null, computation: null, userErrors: problems };

  const sessionId = randomUUID();
  const reserved = await reserveStock(runtime, {
    owner: `checkout:${sessionId}`,
    idempotencyKey: `checkout:${sessionId}`,
    ttlSeconds: CHECKOUT_TTL_SECONDS,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })),
  });
  if (!reserved.reservation) {
    const byKey = new Map(lines.map((l) => [l.sku, l]));
    const short = reserved.shortLines.map((s) => {
      const name = facts.variants.get(s.sku)?.name ?? s.sku;
      return s.available === 0
        ? userError(UserErrorCode.OUT_OF_STOCK, `${name} is out of stock (0 available)`, ['cart', 'lines', byKey.get(s.sku)?.id ?? s.sku])
        : userError(UserErrorCode.INSUFFICIENT_STOCK, `Only ${s.available} of ${name} available`, [
            'cart',
            'lines',
            byKey.get(s.sku)?.id ?? s.sku,
          ]);
    });
    return { session: null, cart: null, computation: null, userErrors: short.length ? short : reserved.userErrors };
  }
  const reservationId = reserved.reservation.id;
  const signature = lines.map((l) => `${l.id}:${l.quantity}`).join(',');
  const defaults = facts.context?.addresses;
  const pick = (flag: 'isDefaultShipping' | 'isDefaultBilling'): CheckoutAddress | null => {
    const found = defaults?.find((a) => a[flag]);
    if (!found) return null;
    const { id, isDefaultShipping: _s, isDefaultBilling: _b, ...fields } = found;
    return { ...fields, savedAddressId: id };
  };
  try {
    const created = await sql.transaction(async (tx) => {
      const locked = await lockCart(tx, cart.id);
      const now = locked?.lines.map((l) => `${l.id}:${l.quantity}`).join(',');
      if (!locked || locked.status !== CartStatus.ACTIVE || now !== signature) return null;
      const session = await openSession(tx, {
        id: sessionId,
        cartId: locked.id,
        ownerKey: shopper.ownerKey,
        customerId: shopper.customerId,
        currency,
        reservationId,
        expiresAt: new Date(Date.now() + CHECKOUT_TTL_SECONDS * 1000),
        shippingAddress: pick('isDefaultShipping'),
        billingAddress: pick('isDefaultBilling'),
      });
      // The session's timestamps are the transaction's, like the cart's move to CHECKOUT.
      return session && { session, cart: { ...locked, status: CartStatus.CHECKOUT, updatedAt: session.updatedAt } };
    });
    if (!created) {
      await releaseReservation(runtime, reservationId);
      return fail(UserErrorCode.CART_NOT_ACTIVE, 'Your cart changed while checkout started: try again', ['cart']);
    }
    const computation = await computeCheckout(runtime, facts, choicesOf(created.session));
    return { session: created.session, cart: created.cart, computation, userErrors: [] };
  } catch (error) {
    await releaseReservation(runtime, reservationId).catch(() => undefined);
    throw error;
  }
}

function savedDataOf(facts: CheckoutFacts): SavedData {
  const ctx = facts.context;
  return {
    addresses: (ctx?.addresses ?? []).map(({ isDefaultShipping: _s, isDefaultBilling: _b, ...a }) => a),
    cards: ctx?.paymentMethods ?? [],
    loyaltyPoints: ctx?.loyaltyPoints ?? 0,
    signedIn: !!facts.customerId,
  };
}

const inputField = (field: string) => ['input', ...field.split('.')];

/** Problems only the computed totals reveal: unknown codes, a method not offered, too many points. */
function totalsProblems(computation: CheckoutComputation, changes: CheckoutChanges): UserError[] {
  const problems: UserError[] = [];
  for (const code of computation.promotions.unknownCodes) {
    problems.push(userError(UserErrorCode.INVALID_PROMOTION_CODE, `No promotion has the code "${code}"`, ['input', 'promotionCodes']));
  }
  if (changes.shippingMethodCode && !computation.shippingOptions.some((o) => o.code === changes.shippingMethodCode)) {
    problems.push(
      computation.quote
        ? userError(UserErrorCode.INVALID_INPUT, `Shipping method ${changes.shippingMethodCode} is not offered for this address`, [
            'input',
            'shippingMethodCode',
          ])
        : userError(UserErrorCode.INVALID_INPUT, 'Set a shipping address before choosing a shipping method', [
            'input',
            'shippingMethodCode',
          ]),
    );
  }
  if (changes.loyaltyPoints !== undefined && changes.loyaltyPoints > computation.discounted.pointsMax) {
    problems.push(
      userError(UserErrorCode.INVALID_INPUT, `At most ${computation.discounted.pointsMax} points can be used on this order`, [
        'input',
        'loyaltyPoints',
      ]),
    );
  }
  return problems;
}

/**
 * Changes a session's addresses, shipping method, payment method, codes, points or notes and
 * returns the recomputed totals preview. Every change is validated first; any problem returns
 * user errors and changes nothing. The session row is locked while it is written (one statement).
 */
export async function updateCheckoutState(
  em: EntityManager,
  runtime: SubgraphRuntime,
  shopper: Shopper,
  id: string,
  update: CheckoutUpdate,
  now = new Date(),
): Promise<CheckoutOutcome> {
  // A customer's own session needs that customer's checkout context: it is asked for while the
  // session is read, a round trip earlier. Used only once the session proves to be theirs.
  const ownContext = !shopper.staff && shopper.customerId && UUID.test(id) ? fetchCustomerContext(runtime, shopper.customerId) : undefined;
  ownContext?.catch(() => undefined); // unused on the error paths below; never an unhandled rejection
  // The session, its cart and lines in one statement; the rules are findSession's.
  const sql = await PreparedSql.of(em);
  const found = UUID.test(id) ? await sessionWithCart(sql, id) : null;
  if (!found) return fail(UserErrorCode.NOT_FOUND, 'No such checkout', ['input', 'checkoutSessionId']);
  if (!shopper.staff && found.session.ownerKey !== shopper.ownerKey) throw new ForbiddenError('This checkout belongs to another shopper');
  let { session } = found;
  const { cart } = found;
  if (session.status === CheckoutStatus.OPEN && session.expiresAt.getTime() <= Date.now()) {
    // Past its time: findSession expires it (and releases the stock) as on every other path.
    session = (await findSession(em, runtime, shopper, id)) ?? session;
  }
  const closed = closedProblem(session);
  if (closed) return { session: null, cart: null, computation: null, userErrors: [closed] };
  const context = ownContext && session.customerId === shopper.customerId ? ownContext : undefined;
  const facts = await gatherCheckoutFacts(runtime, session.currency as CurrencyCode, session.customerId ?? null, cart.lines, context);
  const { changes, problems } = resolveUpdate(update, savedDataOf(facts), now);
  if (problems.length) {
    return {
      session: null,
      cart: null,
      computation: null,
      userErrors: problems.map((p) => userError(UserErrorCode[p.code], p.message, inputField(p.field))),
    };
  }
  const choices = { ...choicesOf(session), ...changes };
  if (
    changes.shippingAddress === null ||
    (changes.shippingAddress &&
      changes.shippingAddress.countryCode !== session.shippingAddress?.countryCode &&
      changes.shippingMethodCode === undefined)
  ) {
    // A new destination may not offer the method chosen for the old one: the shopper picks again.
    choices.shippingMethodCode = null;
  }
  const computation = await computeCheckout(runtime, facts, {
    shippingAddress: choices.shippingAddress ?? null,
    shippingMethodCode: choices.shippingMethodCode ?? null,
    promotionCodes: choices.promotionCodes ?? [],
    loyaltyPoints: choices.loyaltyPoints ?? 0,
  });
  const late = totalsProblems(computation, changes);
  if (late.length) return { session: null, cart: null, computation: null, userErrors: late };

  // One UPDATE that locks the row and re-checks it is OPEN and unexpired.
  const saved = await saveCheckoutChanges(sql, session.id, changes, choices.shippingMethodCode ?? null);
  if (!saved)
    return fail(UserErrorCode.CHECKOUT_EXPIRED, 'This checkout expired and its stock was released: start checkout again', [
      'input',
      'checkoutSessionId',
    ]);
  return { session: saved, cart, computation, userErrors: [] };
}

/** Abandons an OPEN session: the cart is ACTIVE again and the held stock is released. */
export async function abandonCheckout(em: EntityManager, runtime: SubgraphRuntime, shopper: Shopper, id: string): Promise<CheckoutOutcome> {
  const session = await findSession(em, runtime, shopper, id);
  if (!session) return fail(UserErrorCode.NOT_FOUND, 'No such checkout', ['input', 'checkoutSessionId']);
  const problem = closedProblem(session);
  if (problem) return { session: null, cart: null, computation: null, userErrors: [problem] };
  const sql = await PreparedSql.of(em);
  const closed = await closeSessions(sql, [session.id], CheckoutStatus.ABANDONED);
  if (closed.length === 0) return fail(UserErrorCode.CHECKOUT_EXPIRED, 'This checkout already ended', ['input', 'checkoutSessionId']);
  await releaseHeldStock(runtime, closed, runtime.logger);
  const [cart] = await cartsByIds(sql, [session.cartId]);
  return { session: closed[0]!, cart, computation: null, userErrors: [] };
}
