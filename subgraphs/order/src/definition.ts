import express from 'express';
import { SagaEngine } from '@shopgraph/saga';
import { type SubgraphDefinition, type SubgraphRuntime, startSweeper } from '@shopgraph/subgraph';
import { orderConfig } from './config.js';
import { entities } from './entities/index.js';
import { orderSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { PaysimProvider } from './payments/paysim.provider.js';
import { expireDueSessions } from './services/checkout-session.service.js';
import { confirmPorts } from './services/confirm-ports.js';
import { completeDueOrders } from './services/order-completion.service.js';
import { registerOrderServices } from './services/order-services.js';
import {
  PAYMENT_EVENT_JOB,
  processPendingProviderEvents,
  processProviderEvent,
  receiveWebhook,
} from './services/payment-webhook.service.js';
import { cancelOrderWorkflow } from './workflows/cancel-order.workflow.js';
import { confirmCheckoutWorkflow } from './workflows/confirm-checkout.workflow.js';
import { moneyMoveWorkflows } from './workflows/money-move.workflow.js';

/** Builds the payment provider, the confirmation ports and the saga engine, and starts their background work. */
async function startOrderServices(runtime: SubgraphRuntime): Promise<() => Promise<void>> {
  const config = orderConfig();
  const provider = new PaysimProvider({ baseUrl: runtime.config.PAYSIM_URL, webhookSecret: runtime.config.PAYMENT_WEBHOOK_SECRET });
  const ports = confirmPorts(runtime, provider, config);
  const sagas = new SagaEngine({
    orm: runtime.orm,
    schema: 'order',
    workflows: [confirmCheckoutWorkflow, cancelOrderWorkflow, ...moneyMoveWorkflows],
    ports,
    ...(runtime.bus ? { bus: runtime.bus } : {}),
    logger: runtime.logger,
    registry: runtime.metrics,
    leaseMs: config.SAGA_LEASE_SECONDS * 1000,
    sweepIntervalSeconds: config.SAGA_SWEEP_INTERVAL_SECONDS,
  });
  registerOrderServices(runtime, { config, provider, ports, sagas });
  const stopSagas = await sagas.startBackground();
  await runtime.bus?.work<{ provider: string; eventId: string }>(PAYMENT_EVENT_JOB, (job) =>
    processProviderEvent(runtime, job.provider, job.eventId),
  );
  const stopExpiry = await startSweeper(
    {
      done: 'expired checkout sessions closed',
      failed: 'checkout expiry failed',
      run: () => expireDueSessions(runtime.orm.em.fork(), runtime),
    },
    config.CHECKOUT_EXPIRY_INTERVAL_SECONDS * 1000,
    runtime.logger,
  );
  const stopEventSweep = await startSweeper(
    { done: 'payment events folded', failed: 'payment event sweep failed', run: () => processPendingProviderEvents(runtime) },
    config.SAGA_SWEEP_INTERVAL_SECONDS * 1000,
    runtime.logger,
  );
  const stopCompletion = await startSweeper(
    {
      done: 'orders completed',
      failed: 'order completion failed',
      run: () => completeDueOrders(runtime.orm.em.fork(), config.RETURN_WINDOW_DAYS),
    },
    config.ORDER_COMPLETION_INTERVAL_SECONDS * 1000,
    runtime.logger,
  );
  return async () => {
    await stopCompletion();
    await stopEventSweep();
    await stopExpiry();
    await stopSagas();
  };
}

/** The order subgraph: carts, checkout, the confirmation saga, payments and orders. */
export const definition: SubgraphDefinition = {
  name: 'order',
  entities,
  migrations,
  schema: orderSchema,
  events: true,
  background: startOrderServices,
  routes(app, runtime) {
    // Raw body: the signature is over the exact bytes, so no JSON parser may run first.
    app.post('/webhooks/payments/:provider', express.raw({ type: '*/*', limit: '256kb' }), async (req, res, next) => {
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
        const answer = await receiveWebhook(
          runtime,
          String(req.params.provider),
          Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          headers,
        );
        res.status(answer.status).json(answer.body);
      } catch (error) {
        next(error);
      }
    });
  },
};
