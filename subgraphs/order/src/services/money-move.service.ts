import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { SagaError } from '@shopgraph/saga';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import type { MoneyMoveInput } from '../steps/ports.js';
import { MONEY_WORKFLOW } from '../workflows/money-move.workflow.js';
import { orderAfterRun } from './lifecycle-run.service.js';
import type { OrderResult } from './order.service.js';
import { orderServices } from './order-services.js';

/**
 * Refunds, captures or voids through the kind's workflow. The same `idempotencyKey` for the same
 * request returns the first outcome and never moves money twice; without a key each call is a new move.
 */
export async function moveOrderMoney(
  em: EntityManager,
  runtime: SubgraphRuntime,
  input: MoneyMoveInput,
  idempotencyKey: string | null,
): Promise<OrderResult> {
  const key = `${input.kind.toLowerCase()}:${input.orderId}:${idempotencyKey ?? randomUUID()}`;
  let runId: string;
  try {
    const started = await orderServices(runtime).sagas.start(MONEY_WORKFLOW[input.kind], {
      businessKey: key,
      idempotencyKey: key,
      requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
      input,
    });
    runId = started.run.id;
  } catch (error) {
    if (!(error instanceof SagaError && error.code === 'IDEMPOTENCY_KEY_REUSED')) throw error;
    const message = 'This idempotency key was used for another request';
    return { order: null, userErrors: [userError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, message, ['input', 'idempotencyKey'])] };
  }
  return orderAfterRun(em, runtime, runId, input.orderId, { code: UserErrorCode.PAYMENT_FAILED, message: 'The payment operation failed' });
}
