import { createMailer } from '@shopgraph/mail';
import type { SubgraphDefinition, SubgraphRuntime } from '@shopgraph/subgraph';
import { fetchCustomerContact } from './clients/customer.client.js';
import { reviewConfig } from './config.js';
import { entities } from './entities/index.js';
import { ORDER_EVENT_NAMES, ORDER_EVENTS_CONSUMER, handleOrderEvent } from './events/order-events.handler.js';
import { reviewSchema } from './graphql/schema.js';
import { scheduleReviewRequest, workReviewRequests } from './jobs/send-review-request.job.js';
import { migrations } from './migrations/index.js';
import { seedReviews } from './seed.js';

/** Consumes the order events and works the review request jobs; returns what stops them. */
async function startReviewBackground(runtime: SubgraphRuntime): Promise<() => Promise<void>> {
  const config = reviewConfig();
  const bus = runtime.bus;
  if (!bus) throw new Error('The review subgraph needs its event bus');
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, dir: config.MAIL_DIR, from: config.MAIL_FROM, logger: runtime.logger });
  await workReviewRequests(
    bus,
    runtime.orm.em,
    { customerContact: (customerId) => fetchCustomerContact(runtime, customerId), mailer, writeUrl: config.REVIEW_WRITE_URL },
    runtime.logger,
    config.REVIEW_REQUEST_SWEEP_SECONDS,
  );
  await bus.subscribe(ORDER_EVENTS_CONSUMER, ORDER_EVENT_NAMES, (envelope) =>
    handleOrderEvent(runtime.orm.em.fork(), envelope, {
      requestDelaySeconds: config.REVIEW_REQUEST_DELAY_SECONDS,
      scheduleRequest: (orderId, dueAt) => scheduleReviewRequest(bus, orderId, dueAt),
    }),
  );
  return async () => mailer.close();
}

/** The review subgraph: verified-purchase reviews, moderation, exact ratings, helpful votes and review requests. */
export const definition: SubgraphDefinition = {
  name: 'review',
  entities,
  migrations,
  events: true,
  schema: reviewSchema,
  seed: seedReviews,
  background: startReviewBackground,
};
