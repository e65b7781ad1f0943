/** The payment simulator as a process of its own (`npm start` runs it beside the subgraphs). */
import { loadConfigOrExit } from '@shopgraph/config';
import { createLogger, shutdownTracing } from '@shopgraph/observability';
import { paysimEnv } from './config.js';
import { startPaysim } from './paysim.server.js';

const config = loadConfigOrExit(paysimEnv);
const logger = createLogger('paysim', config.LOG_LEVEL);
const paysim = await startPaysim({
  databaseUrl: config.DATABASE_URL,
  port: config.PORT,
  host: config.HOST,
  webhookUrl: config.PAYSIM_WEBHOOK_URL ?? new URL('/webhooks/payments/paysim', config.ORDER_URL).toString(),
  webhookSecret: config.PAYMENT_WEBHOOK_SECRET,
  logger,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void paysim
      .stop()
      .then(() => shutdownTracing())
      .then(() => process.exit(0));
  });
}
