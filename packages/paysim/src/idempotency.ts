import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { inTransaction } from './transaction.js';
import type pg from 'pg';

const operationKeys = new AsyncLocalStorage<string>();

/**
 * The Idempotency-Key of the request whose operation is running, if any: every event it records
 * carries it, so the shop can fold a synchronous answer and the webhook reporting it as one fact.
 */
export function currentOperationKey(): string | undefined {
  return operationKeys.getStore();
}

/** An HTTP answer of the simulator: what a stored idempotent response replays. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** What an operation returns: its reply, whether a retry may replay it, and a delay before answering. */
export interface OperationResult {
  reply: Reply;
  /** False for the sim-only `processing_error` rule: the retry runs the operation again. */
  store?: boolean;
  /** Milliseconds to hold the first answer back (timeout after effect); replays answer at once. */
  delayMs?: number;
}

/** An operation run inside the idempotency transaction; `attempt` counts runs under this key (1 first). */
export type Operation = (client: pg.PoolClient, attempt: number) => Promise<OperationResult>;

/** Builds the error body every failing endpoint answers with. */
export function errorReply(status: number, type: string, code: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { error: { type, code, message, ...extra } } };
}

function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `operation` once per (endpoint, key), Stripe style: the first reply is stored in the same
 * transaction as the effect and replayed to every retry; another body under the key is a 409. The
 * key's row is locked for the whole run, so concurrent retries wait and then read the stored reply.
 */
export async function runIdempotent(
  pool: pg.Pool,
  endpoint: string,
  key: string,
  body: unknown,
  operation: Operation,
): Promise<OperationResult> {
  const hash = requestHash(body);
  return inTransaction(pool, async (client) => {
    await client.query('insert into paysim.idempotency_key (endpoint, key, request_hash) values ($1, $2, $3) on conflict do nothing', [
      endpoint,
      key,
      hash,
    ]);
    const { rows } = await client.query<{
      request_hash: string;
      attempts: number;
      status_code: number | null;
      response: Record<string, unknown> | null;
    }>('select request_hash, attempts, status_code, response from paysim.idempotency_key where endpoint = $1 and key = $2 for update', [
      endpoint,
      key,
    ]);
    const row = rows[0]!;
    if (row.request_hash !== hash) {
      return {
        reply: errorReply(409, 'idempotency_error', 'idempotency_key_reused', 'This Idempotency-Key was used with another request body'),
      };
    }
    if (row.status_code !== null) return { reply: { status: row.status_code, body: row.response ?? {} } };
    const result = await operationKeys.run(key, () => operation(client, row.attempts + 1));
    if (result.store === false) {
      await client.query('update paysim.idempotency_key set attempts = attempts + 1 where endpoint = $1 and key = $2', [endpoint, key]);
    } else {
      await client.query(
        'update paysim.idempotency_key set attempts = attempts + 1, status_code = $3, response = $4 where endpoint = $1 and key = $2',
        [endpoint, key, result.reply.status, JSON.stringify(result.reply.body)],
      );
    }
    return result;
  });
}
