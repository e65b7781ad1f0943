import { IsolationLevel, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { LoyaltyEntryKind, MAX_POINTS_PER_ENTRY, canDebit, isValidPointAmount, reversalPoints } from '../domain/loyalty.js';
import { multipliedPoints } from '../domain/standing.js';
import { Customer, LoyaltyEntry } from '../entities/index.js';
import { standings } from './standing.service.js';

/** Outcome of a ledger change: the entry written (or found, for a repeated call) and the new balance. */
export interface LoyaltyResult {
  entry?: LoyaltyEntry | null;
  balance?: number;
  userErrors: UserError[];
}

/** A customer's balance: the sum of the ledger. */
export async function loyaltyBalance(em: EntityManager, customerId: string): Promise<number> {
  const rows = await em.execute<{ balance: string | null }[]>(
    'select coalesce(sum(points), 0) as balance from customer.loyalty_entry where customer_id = ?',
    [customerId],
  );
  return Number(rows[0]?.balance ?? 0);
}

/** Latest entries of a customer's ledger, newest first. */
function loyaltyEntries(em: EntityManager, customerId: string, limit = 50): Promise<LoyaltyEntry[]> {
  return em.find(LoyaltyEntry, { customerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
}

/**
 * A customer's balance and latest entries read from one snapshot (repeatable read), so the two
 * always agree even while the expiry job or a redemption commits between the two queries.
 */
export function loyaltyStatement(em: EntityManager, customerId: string, limit = 50): Promise<{ points: number; entries: LoyaltyEntry[] }> {
  return em.transactional(
    async (tx) => {
      const points = await loyaltyBalance(tx, customerId);
      const entries = await loyaltyEntries(tx, customerId, limit);
      return { points, entries };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}

const invalidPoints = () => ({
  userErrors: [userError(UserErrorCode.INVALID_INPUT, 'Points must be a positive whole number', ['input', 'points'])],
});
const insufficient = () => ({
  userErrors: [userError(UserErrorCode.INSUFFICIENT_POINTS, 'Not enough loyalty points', ['input', 'points'])],
});

/**
 * Runs `change` with the customer's row locked (SELECT … FOR UPDATE), so concurrent ledger changes
 * of one customer see each other's entries and the balance check cannot be raced.
 */
export function withLockedCustomer(
  em: EntityManager,
  customerId: string,
  change: (tx: EntityManager, balance: number) => Promise<LoyaltyResult>,
): Promise<LoyaltyResult> {
  return em.transactional(async (tx) => {
    const customer = await tx.findOne(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!customer) return { userErrors: [userError(UserErrorCode.NOT_FOUND, 'Customer not found', ['input', 'customerId'])] };
    return change(tx, await loyaltyBalance(tx, customerId));
  });
}

/** Extra facts of an EARN entry. */
interface EarnFacts {
  basePoints: number;
  orderAmountMinor: bigint | null;
}

async function record(
  tx: EntityManager,
  customerId: string,
  kind: LoyaltyEntryKind,
  points: number,
  balance: number,
  orderId: string | null,
  reason: string | null,
  earn?: EarnFacts,
): Promise<LoyaltyResult> {
  const entry = tx.create(LoyaltyEntry, { customerId, kind, points, orderId, reason, ...(earn ?? {}) });
  await tx.flush();
  return { entry, balance: balance + points, userErrors: [] };
}

/** Once per order: repeating a call for the same order and kind returns the first entry and changes nothing. */
async function once(
  tx: EntityManager,
  customerId: string,
  kind: LoyaltyEntryKind,
  orderId: string,
  balance: number,
  write: () => Promise<LoyaltyResult>,
): Promise<LoyaltyResult> {
  const existing = await tx.findOne(LoyaltyEntry, { customerId, kind, orderId });
  return existing ? { entry: existing, balance, userErrors: [] } : write();
}

/** What the order saga earns points with. */
export interface EarnRequest {
  customerId: string;
  orderId: string;
  /** Base points of the order, before the tier multiplier. */
  points: number;
  /** The order's amount in minor units of the base currency, for spend-based segments. */
  orderAmountMinor?: bigint | null;
}

/**
 * Credits points for an order (idempotent per order), multiplied by the customer's tier at the
 * time of earning; the entry keeps the base points and the order amount for segments and tiers.
 */
export function earnPoints(em: EntityManager, request: EarnRequest): Promise<LoyaltyResult> {
  const { customerId, orderId, points } = request;
  if (!isValidPointAmount(points)) return Promise.resolve(invalidPoints());
  const amount = request.orderAmountMinor ?? null;
  if (amount !== null && amount < 0n) {
    return Promise.resolve({
      userErrors: [userError(UserErrorCode.INVALID_INPUT, 'The order amount cannot be negative', ['input', 'orderAmountMinor'])],
    });
  }
  return withLockedCustomer(em, customerId, (tx, balance) =>
    once(tx, customerId, LoyaltyEntryKind.EARN, orderId, balance, async () => {
      const [standing] = await standings(tx, [customerId]);
      const awarded = multipliedPoints(points, standing!.benefits);
      return record(tx, customerId, LoyaltyEntryKind.EARN, awarded, balance, orderId, 'Order reward', {
        basePoints: points,
        orderAmountMinor: amount,
      });
    }),
  );
}

/** Spends points on an order (idempotent per order); fails without enough points. */
export function redeemPoints(em: EntityManager, customerId: string, orderId: string, points: number): Promise<LoyaltyResult> {
  if (!isValidPointAmount(points)) return Promise.resolve(invalidPoints());
  return withLockedCustomer(em, customerId, (tx, balance) =>
    once(tx, customerId, LoyaltyEntryKind.REDEEM, orderId, balance, async () =>
      canDebit(balance, points)
        ? record(tx, customerId, LoyaltyEntryKind.REDEEM, -points, balance, orderId, 'Order payment')
        : insufficient(),
    ),
  );
}

/** Undoes what an order earned and redeemed (idempotent per order); an order with nothing to undo writes no entry. */
export function reversePoints(em: EntityManager, customerId: string, orderId: string): Promise<LoyaltyResult> {
  return withLockedCustomer(em, customerId, (tx, balance) =>
    once(tx, customerId, LoyaltyEntryKind.REVERSE, orderId, balance, async () => {
      const entries = await tx.find(LoyaltyEntry, { customerId, orderId, kind: { $in: [LoyaltyEntryKind.EARN, LoyaltyEntryKind.REDEEM] } });
      const points = reversalPoints(
        entries.reduce((net, e) => net + e.points, 0),
        balance,
      );
      if (entries.length === 0) return { entry: null, balance, userErrors: [] };
      return record(tx, customerId, LoyaltyEntryKind.REVERSE, points, balance, orderId, 'Order cancelled');
    }),
  );
}

/** An admin's correction, with its reason; cannot take the balance below zero. */
export function adjustPoints(em: EntityManager, customerId: string, points: number, reason: string): Promise<LoyaltyResult> {
  if (!Number.isInteger(points) || points === 0 || Math.abs(points) > MAX_POINTS_PER_ENTRY) {
    return Promise.resolve({
      userErrors: [userError(UserErrorCode.INVALID_INPUT, 'Points must be a non-zero whole number', ['input', 'points'])],
    });
  }
  if (!reason.trim())
    return Promise.resolve({ userErrors: [userError(UserErrorCode.INVALID_INPUT, 'A reason is required', ['input', 'reason'])] });
  return withLockedCustomer(em, customerId, async (tx, balance) =>
    canDebit(balance, -points) ? record(tx, customerId, LoyaltyEntryKind.ADJUST, points, balance, null, reason.trim()) : insufficient(),
  );
}
