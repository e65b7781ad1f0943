import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@shopgraph/observability';
import pg from 'pg';
import { createPaysimApp } from './paysim.app.js';
import type { PaysimFaults } from './payment-operations.js';
import { ensurePaysimSchema } from './schema.js';
import { WebhookDispatcher, type WebhookSwitches } from './webhook-dispatcher.js';

/** Options of a simulator instance. */
export interface PaysimOptions {
  /** The shop's database; the simulator keeps its state in its own schema `paysim`. */
  databaseUrl: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where webhooks go; none are sent until one is set. */
  webhookUrl?: string;
  /** Key of the `Paysim-Signature` HMAC. */
  webhookSecret: string;
  logger?: Logger;
  /** How late the `timeout after effect` card answers its first call (default 2000 ms). */
  slowResponseMs?: number;
  /** How late asynchronous capture and refund outcomes arrive (default 1000 ms). */
  asyncDelayMs?: number;
  /** Fallback poll of the webhook loop (default 2000 ms). */
  pollMs?: number;
}

/** A running simulator. */
export interface PaysimHandle {
  /** Base URL, e.g. `http://127.0.0.1:4007`. */
  url: string;
  stop(): Promise<void>;
  setWebhookUrl(url: string): void;
  /** Test switches of webhook delivery (duplicate, reorder, pause). */
  switches: WebhookSwitches;
  /** Faults of the sim-only cards, live: switch one off to let a stuck operation recover. */
  faults: PaysimFaults;
  /** Successful webhook deliveries so far, duplicates included. */
  deliveredWebhooks(): Promise<number>;
}

/** Starts the payment simulator: schema, HTTP API and webhook delivery loop. */
export async function startPaysim(options: PaysimOptions): Promise<PaysimHandle> {
  const logger = options.logger ?? createLogger('paysim', 'silent');
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  pool.on('error', (error) => logger.error({ err: error }, 'paysim idle database connection failed'));
  await ensurePaysimSchema(pool);
  const host = options.host ?? '127.0.0.1';
  let url = '';
  const faults: PaysimFaults = { voidFails: true };
  const dispatcher = new WebhookDispatcher({
    pool,
    secret: options.webhookSecret,
    url: options.webhookUrl,
    logger,
    pollMs: options.pollMs,
  });
  const app = createPaysimApp({
    pool,
    dispatcher,
    logger,
    settings: { baseUrl: () => url, slowResponseMs: options.slowResponseMs ?? 2_000, asyncDelayMs: options.asyncDelayMs ?? 1_000, faults },
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  // Idle connections outlive the shop's (undici's) by far, so a reused socket is never one being closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { port } = server.address() as AddressInfo;
  // A wildcard listen address is not a place to send a browser to.
  url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  dispatcher.start();
  logger.info({ url }, 'paysim listening');
  return {
    url,
    switches: dispatcher.switches,
    faults,
    setWebhookUrl: (webhookUrl) => dispatcher.setUrl(webhookUrl),
    deliveredWebhooks: () => dispatcher.delivered(),
    stop: async () => {
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
