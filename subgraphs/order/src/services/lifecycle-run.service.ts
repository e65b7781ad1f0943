import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError } from '@shopgraph/errors';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { Order } from '../entities/index.js';
import { driveWithinBudget } from './confirm-checkout.service.js';
import type { OrderResult } from './order.service.js';
import { orderServices } from './order-services.js';

const USER_ERROR_CODES = new Set<string>(Object.values(UserErrorCode));

/**
 * Drives a lifecycle run (cancel, refund, capture, void) inline within the confirmation's budget;
 * the background finishes what is left. A refused run answers with its refusal as a user error
 * (`fallback` when it carries no known code), any other with the order as it is now.
 */
export async function orderAfterRun(
  em: EntityManager,
  runtime: SubgraphRuntime,
  runId: string,
  orderId: string,
  fallback: { code: UserErrorCode; message: string },
): Promise<OrderResult> {
  const run = await driveWithinBudget(runtime, runId, orderServices(runtime).config.CONFIRM_BUDGET_MS);
  if (run.status === 'COMPENSATED' || run.status === 'COMPENSATING') {
    const error = run.error ?? fallback;
    const code = USER_ERROR_CODES.has(error.code) ? (error.code as UserErrorCode) : fallback.code;
    const field = (run.error?.details as { field?: string[] | null } | undefined)?.field ?? ['input', 'orderId'];
    return { order: null, userErrors: [userError(code, error.message, [...field])] };
  }
  return { order: await em.findOne(Order, { id: orderId }, { refresh: true }), userErrors: [] };
}
