import { createHmac } from 'node:crypto';
import { inTransaction } from './transaction.js';
import type { Logger } from '@shopgraph/observability';
import type pg from 'pg';
import { request } from 'undici';
import { applyDueOutcomes } from './payment-operations.js';

/** Test switches of the webhook delivery; changing one wakes the loop. */
export interface WebhookSwitches {
  /** Send every webhook twice (at-least-once delivery, made visible). */
  duplicateWebhooks: boolean;
  /** Send each batch of due webhooks newest first. */
  reorderWebhooks: boolean;
  /** Hold every webhook back until switched off. */
  pauseWebhooks: boolean;
}

/** The `Paysim-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signatureHeader(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** Options of the delivery loop. */
export interface DispatcherOptions {
  pool: pg.Pool;
  secret: string;
  url?: string;
  logger: Logger;
  /** Fallback poll when nothing woke the loop (a crash between commit and wake, a second instance). */
  pollMs?: number;
}

const CLAIM_SECONDS = 30;
const backoffMs = (attempts: number) => Math.min(200 * 2 ** attempts, 30_000);

/**
 * Delivers the webhook outbox at least once: woken in process after each commit, with a slow
 * poll as fallback. Rows are claimed by pushing `next_attempt_at` forward under SKIP LOCKED, so
 * several instances never send one row at the same time; the HTTP call runs outside any transaction.
 * The same loop applies due asynchronous outcomes, whose events then enter the outbox.
 */
export class WebhookDispatcher {
  private url: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  private next: NodeJS.Timeout | undefined;
  private readonly state: WebhookSwitches = { duplicateWebhooks: false, reorderWebhooks: false, pauseWebhooks: false };
  /** The live switches; assigning one wakes the loop. */
  readonly switches: WebhookSwitches;

  constructor(private readonly options: DispatcherOptions) {
    this.url = options.url;
    const switches = {} as WebhookSwitches;
    for (const name of Object.keys(this.state) as (keyof WebhookSwitches)[]) {
      Object.defineProperty(switches, name, {
        enumerable: true,
        get: () => this.state[name],
        set: (value: boolean) => {
          this.state[name] = value;
          this.wake();
        },
      });
    }
    this.switches = switches;
  }

  /** Starts the fallback poll and a first pass. */
  start(): void {
    this.poll = setInterval(() => this.wake(), this.options.pollMs ?? 2_000);
    this.wake();
  }

  /** Points deliveries at another receiver (tests start theirs after the simulator). */
  setUrl(url: string): void {
    this.url = url;
    this.wake();
  }

  /** Asks for a pass; passes never overlap, and a wake during one runs another after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'paysim webhook pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Successful (2xx) deliveries so far, duplicates included. */
  async delivered(): Promise<number> {
    const { rows } = await this.options.pool.query<{ n: string }>('select coalesce(sum(deliveries), 0) as n from paysim.webhook_outbox');
    return Number(rows[0]!.n);
  }

  /** Stops the loop and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.next);
    await this.running;
  }

  private async pass(): Promise<void> {
    await inTransaction(this.options.pool, (client) => applyDueOutcomes(client));
    const delivering = !this.state.pauseWebhooks && this.url !== undefined;
    if (delivering) await this.deliverDue(this.url!);
    await this.scheduleNext(delivering);
  }

  private async deliverDue(url: string): Promise<void> {
    const { rows } = await this.options.pool.query<{ seq: string; event_id: string; body: string; attempts: number }>(
      `update paysim.webhook_outbox set next_attempt_at = now() + interval '${CLAIM_SECONDS} seconds'
        where seq in (select seq from paysim.webhook_outbox where delivered_at is null and next_attempt_at <= now()
                       order by seq limit 50 for update skip locked)
        returning seq, event_id, body, attempts`,
    );
    // Paused while claiming: a row committed after the switch must wait too, so hand the claim back.
    if (this.state.pauseWebhooks) {
      if (rows.length > 0)
        await this.options.pool.query('update paysim.webhook_outbox set next_attempt_at = now() where seq = any($1)', [
          rows.map((r) => r.seq),
        ]);
      return;
    }
    rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    if (this.state.reorderWebhooks) rows.reverse();
    for (const row of rows) {
      const copies = this.state.duplicateWebhooks ? 2 : 1;
      let delivered = 0;
      let lastError = '';
      for (let i = 0; i < copies; i++) {
        const error = await this.send(url, row.body);
        if (error) lastError = error;
        else delivered++;
      }
      if (delivered > 0) {
        await this.options.pool.query(
          'update paysim.webhook_outbox set delivered_at = now(), deliveries = deliveries + $2, attempts = attempts + 1 where seq = $1',
          [row.seq, delivered],
        );
      } else {
        this.options.logger.warn(
          { eventId: row.event_id, attempts: row.attempts + 1, error: lastError },
          'paysim webhook delivery failed; will retry',
        );
        await this.options.pool.query(
          "update paysim.webhook_outbox set attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' where seq = $1",
          [row.seq, lastError, backoffMs(row.attempts)],
        );
      }
    }
  }

  /** Posts one webhook; returns why it failed, or undefined on a 2xx. */
  private async send(url: string, body: string): Promise<string | undefined> {
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'paysim-signature': signatureHeader(this.options.secret, body) },
        body,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300 ? undefined : `HTTP ${response.statusCode}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Wakes the loop when the next retry or asynchronous outcome falls due, if before the next poll. */
  private async scheduleNext(delivering: boolean): Promise<void> {
    // While paused (or with no receiver) due rows must not count, or the loop would spin on them.
    const { rows } = await this.options.pool.query<{ wait_ms: number | null }>(
      `select greatest(0, extract(epoch from (least(
          (select min(next_attempt_at) from paysim.webhook_outbox where delivered_at is null and $1),
          (select min(due_at) from paysim.scheduled_outcome where done_at is null)) - now())) * 1000)::float8 as wait_ms`,
      [delivering],
    );
    const wait = rows[0]?.wait_ms;
    clearTimeout(this.next);
    if (wait !== null && wait !== undefined && wait < (this.options.pollMs ?? 2_000) && !this.stopped) {
      this.next = setTimeout(() => this.wake(), Math.ceil(wait) + 5);
    }
  }
}
