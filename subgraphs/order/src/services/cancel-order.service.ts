import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode } from '@shopgraph/errors';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import type { Order } from '../entities/index.js';
import type { CancelInput } from '../steps/ports.js';
import { CANCEL_ORDER } from '../workflows/cancel-order.workflow.js';
import { orderAfterRun } from './lifecycle-run.service.js';
import type { OrderResult } from './order.service.js';
import { orderServices } from './order-services.js';

/**
 * Cancels an order through the `cancel-order` workflow. One cancellation per order: asking again
 * returns the order as the first one left it. A refusal (shipped, terminal) comes back as a user error.
 */
export async function cancelOrder(em: EntityManager, runtime: SubgraphRuntime, order: Order, input: CancelInput): Promise<OrderResult> {
  // The key names the order's version: a cancel refused at one version may be asked again at a later one.
  const key = `cancel:${order.id}:${order.version}`;
  const { run } = await orderServices(runtime).sagas.start(CANCEL_ORDER, {
    businessKey: order.id,
    idempotencyKey: key,
    requestHash: createHash('sha256').update(key).digest('hex'),
    input,
  });
  return orderAfterRun(em, runtime, run.id, order.id, {
    code: UserErrorCode.INVALID_STATUS_TRANSITION,
    message: 'The order could not be cancelled',
  });
}
