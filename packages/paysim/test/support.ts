import { freshDatabase, type TestDatabase } from '@shopgraph/testing';
import { request } from 'undici';
import { startPaysim, type PaysimHandle, type PaysimOptions, type PaymentSnapshotBody } from '../src/index.js';

export const SECRET = 'test-paysim-webhook-secret';

/** A simulator on a fresh database, fast timings for tests. */
export async function openPaysim(
  options: Partial<PaysimOptions> = {},
): Promise<{ sim: PaysimHandle; db: TestDatabase; close(): Promise<void> }> {
  const db = await freshDatabase('paysim');
  const sim = await startPaysim({
    databaseUrl: db.url,
    webhookSecret: SECRET,
    slowResponseMs: 600,
    asyncDelayMs: 200,
    pollMs: 500,
    ...options,
  });
  return {
    sim,
    db,
    close: async () => {
      await sim.stop();
      await db.drop();
    },
  };
}

/** A JSON answer of the simulator. */
export interface Answer {
  status: number;
  body: Record<string, any>;
}

/** POSTs JSON with an Idempotency-Key (none when `key` is null). */
export async function post(sim: PaysimHandle, path: string, body: unknown, key: string | null): Promise<Answer> {
  const response = await request(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, any> };
}

/** GETs JSON. */
export async function get(sim: PaysimHandle, path: string): Promise<Answer> {
  const response = await request(`${sim.url}${path}`);
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, any> };
}

/** Authorizes `amount` USD cents with `token` for `reference`. */
export function authorize(sim: PaysimHandle, token: string, reference: string, key: string, amount = '5000'): Promise<Answer> {
  return post(sim, '/v1/payments', { amount, currency: 'USD', token, reference }, key);
}

/** The snapshot of a payment. */
export async function snapshot(sim: PaysimHandle, psp: string): Promise<PaymentSnapshotBody> {
  return (await get(sim, `/v1/payments/${psp}`)).body as PaymentSnapshotBody;
}

/** What the simulator holds for a shop reference. */
export async function held(sim: PaysimHandle, reference: string): Promise<PaymentSnapshotBody[]> {
  return (await get(sim, `/paysim/payments?reference=${encodeURIComponent(reference)}`)).body.data as PaymentSnapshotBody[];
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
