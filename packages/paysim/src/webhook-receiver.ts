import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaysimWebhook } from './events.js';

/** One delivery as a receiver saw it: the exact bytes, the headers and the parsed body. */
export interface ReceivedWebhook {
  rawBody: Buffer;
  headers: Record<string, string>;
  body: PaysimWebhook;
  /** The HTTP status the receiver answered. */
  status: number;
}

/** A local webhook endpoint recording every delivery (tests and demos). */
export interface WebhookReceiver {
  url: string;
  /** Every delivery so far, in arrival order, rejected ones included. */
  received: ReceivedWebhook[];
  /** Resolves with the first delivery (past or future) matching `predicate`; rejects after `timeoutMs`. */
  next(predicate: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  stop(): Promise<void>;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

/**
 * Starts a receiver on a free loopback port; `respond` picks the HTTP status of each delivery
 * (its argument counts deliveries of that event id so far, 1 first), 200 by default.
 */
export async function startWebhookReceiver(
  respond: (w: Omit<ReceivedWebhook, 'status'>, deliveryOfEvent: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<(w: ReceivedWebhook) => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const webhook: ReceivedWebhook = {
        rawBody,
        headers: flatHeaders(req.headers),
        body: JSON.parse(rawBody.toString('utf8')) as PaysimWebhook,
        status: 0,
      };
      const nth = received.filter((w) => w.body.id === webhook.body.id).length + 1;
      webhook.status = respond(webhook, nth);
      received.push(webhook);
      res.statusCode = webhook.status;
      res.end();
      for (const waiter of [...waiters]) waiter(webhook);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/payments/paysim`,
    received,
    next(predicate, timeoutMs = 20_000) {
      const seen = received.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = (w: ReceivedWebhook) => {
          if (!predicate(w)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(w);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching webhook within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
