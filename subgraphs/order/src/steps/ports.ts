import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderSnapshot, RedeemedPromotion } from '../domain/order-snapshot.js';
import type { PaymentAmounts, PaymentEventType } from '../domain/payment-ledger.js';
import type { PaymentProvider } from '../payments/payment-provider.js';

/** What `confirmCheckout` starts a run with (JSON). Ids are allocated before the first step. */
export interface ConfirmInput {
  sessionId: string;
  orderId: string;
  paymentId: string;
  ownerKey: string;
  customerId: string | null;
  expectedTotal: { amountMinor: string; currency: string };
}

/** A business refusal a step can answer with: the shopper's user error code and message. */
export interface Refusal {
  code: string;
  message: string;
  field?: string[];
  /** The provider's reason, for PAYMENT_DECLINED. */
  declineCode?: string;
}

/** The checkout session, as the saga needs it. */
export interface CheckoutPort {
  /** OPEN → CONFIRMING (no edits, no expiry) in the caller's transaction; the session's reservation. */
  claim(tx: EntityManager, sessionId: string, ownerKey: string): Promise<{ reservationId: string } | Refusal>;
  /**
   * CONFIRMING → OPEN again after a refusal, its stock still held; a no-op in any other state. In the
   * caller's transaction (the compensation's): a second connection from the pool while the saga holds
   * one can exhaust it when many compensations run at once, each waiting for the other's connection.
   */
  reopen(tx: EntityManager, sessionId: string): Promise<void>;
  /** The checkout priced now through the preview's totals path, or what stops it being confirmed. */
  snapshot(sessionId: string): Promise<{ snapshot: OrderSnapshot } | { refusals: Refusal[] }>;
  /** CONFIRMING → COMPLETED and the cart ORDERED, in the caller's transaction. */
  complete(tx: EntityManager, sessionId: string): Promise<void>;
}

/** Inventory reservations. */
export interface InventoryPort {
  /** Keeps the reservation at least `seconds` more; false when it no longer holds anything. */
  extend(reservationId: string, seconds: number): Promise<boolean>;
  /** Ships the held units (on-hand decremented). Idempotent. */
  confirm(reservationId: string): Promise<void>;
}

/** Promotion usage. */
export interface PromotionPort {
  /** Redeems the best promotions for the order now (idempotent by order id). */
  redeem(orderId: string, buyerId: string, snapshot: OrderSnapshot): Promise<RedeemedPromotion[]>;
  /** Gives the order's redemptions back (idempotent). */
  reverse(orderId: string): Promise<void>;
}

/** Loyalty points. */
export interface LoyaltyPort {
  /** Spends points on the order; a refusal when the balance no longer allows it. Idempotent. */
  redeem(customerId: string, orderId: string, points: number): Promise<Refusal | null>;
  /** Credits base points (times the tier) for the order; the points credited. Idempotent. */
  earn(customerId: string, orderId: string, basePoints: number, orderAmountMinor: bigint | null): Promise<number>;
  /** Undoes what the order earned and redeemed. Idempotent. */
  reverse(customerId: string, orderId: string): Promise<void>;
}

/** One fact to append to a payment's ledger. */
export interface LedgerFact {
  type: PaymentEventType;
  amountMinor: bigint;
  idempotencyKey: string;
  pspReference?: string | null;
  pspEventId?: string | null;
  code?: string | null;
  message?: string | null;
}

/** A payment as the steps read it: folded amounts, the provider reference, and the last final failure. */
export type LedgerState = PaymentAmounts & {
  pspReference: string | null;
  /** Set when the latest authorization or charge outcome is a failure (a decline, a final error). */
  failure: { stage: 'AUTHORIZATION' | 'CHARGE'; code: string; message: string } | null;
  /** Voids the provider refused so far: each later attempt is a new request with a key of its own. */
  cancelFailures: number;
  /** The provider shrank the authorization to nothing (an adjustment to 0) before anything was captured or voided. */
  expired: boolean;
};

/** The payment ledger of the order schema. */
export interface LedgerPort {
  /** Creates the payment row once (before the first provider call). */
  open(paymentId: string, sessionId: string, snapshot: OrderSnapshot, provider: string): Promise<void>;
  /** Appends a fact; the same fact (type and operation key) twice is one row. */
  record(paymentId: string, fact: LedgerFact): Promise<void>;
  /** The payment's amounts and status folded from its events, with the provider reference; null before `open`. */
  state(paymentId: string): Promise<LedgerState | null>;
}

/** Orders. */
export interface OrdersPort {
  /** Writes the order, its items, the payment link and `OrderCreated` in the caller's transaction. */
  create(tx: EntityManager, input: ConfirmInput, snapshot: OrderSnapshot): Promise<{ orderId: string; number: string }>;
  /** Cancels the order a compensated run created (idempotent; absent is fine). */
  cancel(tx: EntityManager, orderId: string): Promise<void>;
  /** PENDING → CONFIRMED with the points earned, in the caller's transaction (idempotent). */
  confirm(tx: EntityManager, orderId: string, pointsEarned: number): Promise<void>;
}

/** Who asks to cancel an order, and why (the cancel workflow's input, JSON). */
export interface CancelInput {
  orderId: string;
  actor: 'shopper' | 'admin';
  reason: string | null;
}

/** What cancelling decided, once the order is CANCELLED: the money and stock to give back. */
export interface CancelPlan {
  orderId: string;
  customerId: string | null;
  /** The payment to void or refund, if the order has one holding money. */
  paymentId: string | null;
  pspReference: string | null;
  currency: string;
  voidMinor: string;
  refundMinor: string;
  giveUsageBack: boolean;
  reverseLoyalty: boolean;
}

/** Money staff move on an order's payment: refund it, capture what is authorized, or void it. */
export type MoneyMoveKind = 'REFUND' | 'CAPTURE' | 'VOID';

/** What staff ask (the money workflows' input, JSON). A refund gives lines or an amount; capture takes an amount or all that is authorized; void takes all. */
export interface MoneyMoveInput {
  kind: MoneyMoveKind;
  orderId: string;
  lines: { orderItemId: string; quantity: number }[] | null;
  amountMinor: string | null;
  reason: string | null;
  restock: boolean;
}

/** A money move guarded, recorded and asked for in the ledger, before the provider answered. */
export interface MoneyMovePlan {
  kind: MoneyMoveKind;
  /** The refund row, for refunds. */
  refundId: string | null;
  orderId: string;
  paymentId: string;
  pspReference: string;
  currency: string;
  amountMinor: string;
  reason: string | null;
}

/** The order lifecycle's local changes, each in the caller's transaction. */
export interface LifecyclePort {
  /** Cancels the order if its state machine allows `actor` now, writing `order.cancelled`; the plan, or a refusal. */
  cancel(tx: EntityManager, input: CancelInput): Promise<CancelPlan | Refusal>;
  /**
   * Guards a money move under the order's lock (capture ≤ authorized, refund ≤ captured − refunded,
   * pending requests counted) and records its request in the ledger under `key`, so a concurrent
   * move sees it pending; the plan, or a refusal.
   */
  beginMoneyMove(tx: EntityManager, input: MoneyMoveInput, key: string): Promise<MoneyMovePlan | Refusal>;
  /** Undoes `beginMoneyMove` once the provider refused: the request failed (and a refund's row is gone). Idempotent. */
  abandonMoneyMove(plan: MoneyMovePlan, key: string): Promise<void>;
  /** The money moved: the order's version and its event (`order.refunded` with restock lines, captured, voided). */
  finishMoneyMove(tx: EntityManager, input: MoneyMoveInput, plan: MoneyMovePlan): Promise<void>;
}

/** Settings the steps read. */
export interface ConfirmSettings {
  baseCurrency: string;
  /** Minor units of the base currency paid per loyalty point earned. */
  earnMinorPerPoint: number;
  /** How long the stock is held once confirmation starts. */
  holdSeconds: number;
  /** How long a payment may wait for the shopper (3-D Secure) or the provider (asynchronous capture). */
  actionDeadlineSeconds: number;
  /** Time budget of one provider call; its expiry is an unknown outcome, retried with the same key. */
  providerTimeoutMs: number;
}

/** The narrow ports the confirmation steps use (built once in `definition.ts`). */
export interface ConfirmPorts {
  checkout: CheckoutPort;
  inventory: InventoryPort;
  promotions: PromotionPort;
  loyalty: LoyaltyPort;
  provider: PaymentProvider;
  ledger: LedgerPort;
  orders: OrdersPort;
  lifecycle: LifecyclePort;
  settings: ConfirmSettings;
}
