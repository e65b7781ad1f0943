import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { customerConfig, ownerFromEnv } from './config.js';
import { entities } from './entities/index.js';
import { ORDER_EVENT_NAMES, ORDER_EVENTS_CONSUMER, handleOrderEvent } from './events/order-events.handler.js';
import { customerSchema } from './graphql/schema.js';
import { migrations } from './migrations/index.js';
import { seedCustomers } from './seed.js';
import { openLoginThrottle } from './services/login-throttle.service.js';
import { openMailer } from './services/mailer.service.js';
import { schedulePointsExpiry } from './services/points-expiry.service.js';
import { ensureFirstOwner } from './services/staff.service.js';

/** The customer subgraph: accounts, sessions and tokens, self-service with mail, address book, loyalty. */
export const definition: SubgraphDefinition = {
  name: 'customer',
  entities,
  migrations,
  // The bus runs the recurring points-expiry job and delivers the order events (outbox and inbox come from the migrations).
  events: true,
  schema: customerSchema,
  seed: seedCustomers,
  routes(app, runtime) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.json(await runtime.verifier.jwks());
    });
  },
  async background(runtime) {
    const config = customerConfig();
    // A shop nobody can run is useless: the owner named by the environment is created on the first start.
    const owner = ownerFromEnv(config);
    if (owner) await ensureFirstOwner(runtime.orm.em.fork(), runtime.logger, owner);
    const window = config.LOGIN_THROTTLE_WINDOW_SECONDS;
    const throttle = openLoginThrottle(runtime, {
      account: { maxFailures: config.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowSeconds: window },
      ip: { maxFailures: config.LOGIN_MAX_FAILURES_PER_IP, windowSeconds: window },
      // A known device gets the budget an account has for everyone else: its own, untouchable by strangers.
      device: { maxFailures: config.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowSeconds: window },
    });
    const mailer = openMailer(runtime, config);
    if (!runtime.bus) throw new Error('The customer subgraph needs its event bus');
    await schedulePointsExpiry(runtime.bus, runtime.orm.em, runtime.logger, {
      months: config.LOYALTY_POINTS_EXPIRE_MONTHS,
      intervalSeconds: config.LOYALTY_EXPIRY_INTERVAL_SECONDS,
    });
    // Order history and lifetime value, projected from the order subgraph's events (once each, any order).
    await runtime.bus.subscribe(ORDER_EVENTS_CONSUMER, ORDER_EVENT_NAMES, (envelope) => handleOrderEvent(runtime.orm.em.fork(), envelope));
    return async () => {
      mailer.close();
      await throttle.close();
    };
  },
};
