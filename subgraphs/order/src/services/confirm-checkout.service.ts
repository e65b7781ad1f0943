import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { isCurrencyCode } from '@shopgraph/money';
import { type RunSnapshot, SagaError } from '@shopgraph/saga';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { CheckoutStatus } from '../domain/checkout-status.js';
import { Order } from '../entities/index.js';
import type { ConfirmInput } from '../steps/ports.js';
import { CONFIRM_CHECKOUT } from '../workflows/confirm-checkout.workflow.js';
import { type CheckoutOutcome, type Shopper, closedProblem, describeSession, findSession } from './checkout.service.js';
import { orderServices } from './order-services.js';

/** Where a confirmation stands when `confirmCheckout` answers. */
export enum ConfirmationState {
  /** The order is placed and paid. */
  COMPLETED = 'COMPLETED',
  /** The shopper must act (3-D Secure): follow `nextAction`, then call again with the same key. */
  ACTION_REQUIRED = 'ACTION_REQUIRED',
  /** Still going (the provider is slow, or an asynchronous capture): the order's status follows. */
  PROCESSING = 'PROCESSING',
  /** Refused or failed; nothing was charged. See the user errors. */
  FAILED = 'FAILED',
}

/** What the shopper asked to confirm. */
export interface ConfirmRequest {
  checkoutSessionId: string;
  idempotencyKey: string;
  expectedTotal: { amountMinor: bigint; currencyCode: string };
}

/** The answer of `confirmCheckout`. */
export interface ConfirmOutcome {
  state: ConfirmationState;
  order: Order | null;
  nextAction: { kind: string; url: string } | null;
  /** The checkout priced now, when the refusal asks the shopper to review it (TOTALS_CHANGED). */
  checkout: CheckoutOutcome | null;
  declineCode: string | null;
  userErrors: UserError[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[\x21-\x7e]{8,255}$/;
const failed = (code: UserErrorCode, message: string, field: string[]): ConfirmOutcome => ({
  state: ConfirmationState.FAILED,
  order: null,
  nextAction: null,
  checkout: null,
  declineCode: null,
  userErrors: [userError(code, message, field)],
});

/** Hash of what makes two confirmations the same request (Stripe compares parameters the same way). */
export function requestHashOf(request: ConfirmRequest): string {
  const canonical = JSON.stringify([
    request.checkoutSessionId.toLowerCase(),
    String(request.expectedTotal.amountMinor),
    request.expectedTotal.currencyCode,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The only way an order is born: starts (or finds) the session's confirmation run, keyed by the
 * shopper's idempotency key, and drives it inline within the budget. The same key returns the same
 * outcome; the same key with another request is `IDEMPOTENCY_KEY_REUSED`; a second key while a run
 * is live or done returns that run's outcome.
 */
export async function confirmCheckout(
  em: EntityManager,
  runtime: SubgraphRuntime,
  shopper: Shopper,
  request: ConfirmRequest,
): Promise<ConfirmOutcome> {
  if (!KEY.test(request.idempotencyKey))
    return failed(UserErrorCode.INVALID_INPUT, 'The idempotency key must be 8 to 255 visible ASCII characters', [
      'input',
      'idempotencyKey',
    ]);
  if (!isCurrencyCode(request.expectedTotal.currencyCode) || request.expectedTotal.amountMinor < 0n) {
    return failed(UserErrorCode.INVALID_INPUT, 'The expected total must be a non-negative amount in a supported currency', [
      'input',
      'expectedTotal',
    ]);
  }
  const session = UUID.test(request.checkoutSessionId) ? await findSession(em, runtime, shopper, request.checkoutSessionId) : null;
  if (!session) return failed(UserErrorCode.NOT_FOUND, 'No such checkout', ['input', 'checkoutSessionId']);
  if (session.status === CheckoutStatus.EXPIRED || session.status === CheckoutStatus.ABANDONED) {
    const problem = closedProblem(session)!;
    return failed(problem.code, problem.message, problem.field ?? ['input', 'checkoutSessionId']);
  }
  const { sagas, config } = orderServices(runtime);
  const input: ConfirmInput = {
    sessionId: session.id,
    orderId: randomUUID(),
    paymentId: randomUUID(),
    ownerKey: session.ownerKey,
    customerId: session.customerId ?? null,
    expectedTotal: { amountMinor: String(request.expectedTotal.amountMinor), currency: request.expectedTotal.currencyCode },
  };
  let run: RunSnapshot;
  try {
    ({ run } = await sagas.start(CONFIRM_CHECKOUT, {
      businessKey: session.id,
      idempotencyKey: `${session.ownerKey}:${request.idempotencyKey}`,
      requestHash: requestHashOf(request),
      input,
    }));
  } catch (error) {
    if (error instanceof SagaError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
      return failed(
        UserErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was used for another request: use a new key for a new confirmation',
        ['input', 'idempotencyKey'],
      );
    }
    throw error;
  }
  return outcomeOf(em, runtime, await driveWithinBudget(runtime, run.id, config.CONFIRM_BUDGET_MS));
}

/** Time past the budget a step already under way may take before the shopper is answered anyway. */
const ANSWER_GRACE_MS = 2_000;

/**
 * Drives a run inline and answers within `budgetMs` (plus a grace for the step under way): the
 * engine only checks its budget between steps, and a slow step on a busy machine must not hold the
 * shopper (or the gateway's timeout) hostage. The walk goes on in this process; the answer is the
 * run as it stands, and asking again with the same key shows where it got to.
 */
export async function driveWithinBudget(runtime: SubgraphRuntime, runId: string, budgetMs: number): Promise<RunSnapshot> {
  const { sagas } = orderServices(runtime);
  const driving = sagas.drive(runId, { budgetMs });
  driving.catch((err: unknown) => runtime.logger.error({ err, runId }, 'saga run failed while driven inline'));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs + ANSWER_GRACE_MS);
  });
  try {
    const settled = await Promise.race([driving, late]);
    return settled ?? (await sagas.get(runId))!;
  } finally {
    clearTimeout(timer);
  }
}

const USER_ERROR_CODES = new Set<string>(Object.values(UserErrorCode));

/** What a run's state means to the shopper. */
export async function outcomeOf(em: EntityManager, runtime: SubgraphRuntime, run: RunSnapshot): Promise<ConfirmOutcome> {
  const input = run.input as ConfirmInput;
  const order = await em.findOne(Order, { id: input.orderId }, { refresh: true });
  const base = { order, nextAction: null, checkout: null, declineCode: null, userErrors: [] };
  switch (run.status) {
    case 'COMPLETED':
      return { ...base, state: ConfirmationState.COMPLETED };
    case 'AWAITING_ACTION': {
      const action = (run.park?.details as { action?: { kind: string; url: string } | null } | undefined)?.action ?? null;
      return { ...base, state: action ? ConfirmationState.ACTION_REQUIRED : ConfirmationState.PROCESSING, nextAction: action };
    }
    case 'NEEDS_ATTENTION':
    case 'COMPENSATING':
    case 'COMPENSATED': {
      // Stuck going forward: the money is taken and the order will follow (staff see the run).
      if (run.status === 'NEEDS_ATTENTION' && run.phase === 'do') return { ...base, state: ConfirmationState.PROCESSING };
      // Compensated, being compensated, or stuck while undoing a refusal (nothing was captured): the answer is the refusal.
      const error = run.error ?? { code: UserErrorCode.PAYMENT_FAILED, message: 'The confirmation failed; nothing was charged' };
      const code = USER_ERROR_CODES.has(error.code) ? (error.code as UserErrorCode) : UserErrorCode.PAYMENT_FAILED;
      const details = error.details as { field?: string[] | null; declineCode?: string | null } | undefined;
      const field = details?.field ?? undefined;
      const checkout = code === UserErrorCode.TOTALS_CHANGED ? await freshPreview(em, runtime, input.sessionId) : null;
      return {
        ...base,
        order: null,
        state: ConfirmationState.FAILED,
        checkout,
        declineCode: details?.declineCode ?? null,
        userErrors: [userError(code, error.message, field ? [...field] : undefined)],
      };
    }
    default:
      return { ...base, state: ConfirmationState.PROCESSING };
  }
}

async function freshPreview(em: EntityManager, runtime: SubgraphRuntime, sessionId: string): Promise<CheckoutOutcome | null> {
  const session = await findSession(em, runtime, { ownerKey: '', customerId: null, staff: true }, sessionId);
  return session ? describeSession(em, runtime, session) : null;
}
