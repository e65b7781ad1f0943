import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairPem } from '@shopgraph/auth';
import { commonEnv, loadConfig } from '@shopgraph/config';
import { definition as customerDefinition } from '@shopgraph/customer/definition';
import { PreparedSql } from '@shopgraph/db';
import { createMailer, readMailFolder } from '@shopgraph/mail';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { freshDatabase } from '@shopgraph/testing';
import pg from 'pg';
import { fetchCustomerContact } from '../../src/clients/customer.client.js';
import { sweepReviewRequests } from '../../src/jobs/send-review-request.job.js';
import { recordPurchases, scheduleRequest } from '../../src/store/purchase.sql.js';
import { type ReviewSubgraph, orderEvents, startReviewSubgraph, waitFor } from './harness.js';

const DELAY_SECONDS = 2;
let mailDir: string;
let customers: StartedSubgraph;
/** Reads the review schema whichever review instance runs (or none, between a stop and a start). */
let reader: pg.Pool;
let review: ReviewSubgraph & { keys: { publicKey: string; privateKey: string } };
const saved = { delay: process.env.REVIEW_REQUEST_DELAY_SECONDS, mail: process.env.MAIL_DIR };

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'review-mail-'));
  // Read once by the review subgraph's settings in this file's module registry.
  process.env.REVIEW_REQUEST_DELAY_SECONDS = String(DELAY_SECONDS);
  process.env.MAIL_DIR = mailDir;
  // The customer subgraph first, so the review subgraph knows where to ask for consent; one database for both.
  const database = await freshDatabase('review_requests');
  const keys = generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
  customers = await startSubgraph(customerDefinition, { config, port: 0, databaseUrl: database.url, ...keys });
  review = await startReviewSubgraph({ existing: { database, keys }, env: { CUSTOMER_URL: customers.url } });
  reader = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await reader?.end();
  await review?.stop();
  await customers?.stop();
  await review?.database.drop();
  await rm(mailDir, { recursive: true, force: true });
  for (const [key, value] of [
    ['REVIEW_REQUEST_DELAY_SECONDS', saved.delay],
    ['MAIL_DIR', saved.mail],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function customerCall(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(customers.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as { data: any }).data;
}

/** A registered customer, opted in to review requests (the default) or out. */
async function shopper(optIn = true): Promise<{ id: string; email: string }> {
  const email = `reviewer.${randomUUID().slice(0, 8)}@example.com`;
  const registered = await customerCall(
    `mutation($input: RegisterInput!) { register(input: $input) { token { accessToken } customer { id } userErrors { code } } }`,
    { input: { email, password: 'review-pass-42', firstName: 'Mai', lastName: 'Tran' } },
  );
  expect(registered.register.userErrors).toEqual([]);
  if (!optIn) {
    const updated = await customerCall(
      `mutation { updatePreferences(input: { reviewRequestsOptIn: false }) { preferences { reviewRequestsOptIn } } }`,
      {},
      registered.register.token.accessToken,
    );
    expect(updated.updatePreferences.preferences.reviewRequestsOptIn).toBe(false);
  }
  return { id: registered.register.customer.id, email };
}

const line = (productId: string, quantity = 1) => ({ productId, sku: `SKU-${productId.slice(0, 8)}`, quantity });

async function request(orderId: string) {
  const { rows } = await reader.query<{ status: string; skip_reason: string | null; due_at: Date; decided_at: Date | null }>(
    `select status, skip_reason, due_at, decided_at from review.review_request where order_id = $1`,
    [orderId],
  );
  return rows[0];
}
const decided = (orderId: string) => waitFor(async () => ['SENT', 'SKIPPED'].includes((await request(orderId))?.status ?? ''));
const mailsTo = async (email: string) => (await readMailFolder(mailDir)).filter((m) => m.to.includes(email));
const outbox = async (orderId: string) =>
  (
    await reader.query<{ name: string; payload: any }>(`select name, payload from review.outbox where aggregate_id = $1 order by seq`, [
      orderId,
    ])
  ).rows;

/** Issue 19: review requests after delivery, once per order, durable across restarts. */
describe('review requests', () => {
  it('mails a consenting customer a link per product after the delay, once, and publishes ReviewRequestSent', async () => {
    const customer = await shopper();
    const [p1, p2] = [randomUUID(), randomUUID()];
    const orderId = randomUUID();
    const deliveredAt = new Date();
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({ orderId, customerId: customer.id, email: customer.email, deliveredAt, lines: [line(p1), line(p2, 3)] }),
      ),
    );
    await decided(orderId);
    const row = (await request(orderId))!;
    expect(row.status).toBe('SENT');
    expect(new Date(row.due_at).getTime()).toBe(deliveredAt.getTime() + DELAY_SECONDS * 1000);
    expect(new Date(row.decided_at!).getTime()).toBeGreaterThanOrEqual(new Date(row.due_at).getTime());
    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Hello Mai');
    for (const productId of [p1, p2]) expect(mails[0]!.text).toContain(`productId=${productId}&orderId=${orderId}`);
    expect(await outbox(orderId)).toEqual([
      { name: 'review.request-sent', payload: { orderId, customerId: customer.id, email: customer.email, productIds: [p1, p2].sort() } },
    ]);

    // The same order delivered again (a redelivered or later event) never asks twice.
    await review.applied(
      await review.publish(...orderEvents.delivered({ orderId, customerId: customer.id, email: customer.email, lines: [line(p1)] })),
    );
    expect((await request(orderId))!.status).toBe('SENT');
    expect(await mailsTo(customer.email)).toHaveLength(1);
  });

  it('skips an opted-out customer without mail and publishes ReviewRequestSkipped', async () => {
    const customer = await shopper(false);
    const orderId = randomUUID();
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({ orderId, customerId: customer.id, email: customer.email, lines: [line(randomUUID())] }),
      ),
    );
    await decided(orderId);
    expect(await request(orderId)).toMatchObject({ status: 'SKIPPED', skip_reason: 'OPTED_OUT' });
    expect(await mailsTo(customer.email)).toHaveLength(0);
    expect(await outbox(orderId)).toEqual([
      { name: 'review.request-skipped', payload: { orderId, customerId: customer.id, reason: 'OPTED_OUT' } },
    ]);
  });

  it('links only the lines not returned meanwhile, and skips an order returned in full or a guest order', async () => {
    const customer = await shopper();
    const [kept, returned] = [randomUUID(), randomUUID()];
    const partly = randomUUID();
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({
          orderId: partly,
          customerId: customer.id,
          email: customer.email,
          lines: [line(kept), line(returned, 2)],
        }),
      ),
    );
    await review.applied(
      await review.publish(...orderEvents.returned({ orderId: partly, customerId: customer.id, lines: [line(returned, 2)] })),
    );
    const whole = randomUUID();
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({ orderId: whole, customerId: customer.id, email: customer.email, lines: [line(returned)] }),
      ),
    );
    await review.applied(
      await review.publish(...orderEvents.returned({ orderId: whole, customerId: customer.id, lines: [line(returned)] })),
    );
    const guest = randomUUID();
    await review.applied(
      await review.publish(...orderEvents.delivered({ orderId: guest, customerId: null, email: 'guest@example.com', lines: [line(kept)] })),
    );
    for (const orderId of [partly, whole, guest]) await decided(orderId);

    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`productId=${kept}`);
    expect(mails[0]!.text).not.toContain(`productId=${returned}`);
    expect(await request(whole)).toMatchObject({ status: 'SKIPPED', skip_reason: 'ALL_RETURNED' });
    expect(await request(guest)).toMatchObject({ status: 'SKIPPED', skip_reason: 'GUEST_ORDER' });
    expect(await mailsTo('guest@example.com')).toHaveLength(0);
  });

  it('counts from the last delivery: a partial then a final delivery send one request, after the final one', async () => {
    const customer = await shopper();
    const orderId = randomUUID();
    const first = new Date();
    const last = new Date(first.getTime() + 1500);
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({
          orderId,
          customerId: customer.id,
          email: customer.email,
          deliveredAt: first,
          lines: [line(randomUUID())],
        }),
      ),
    );
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({
          orderId,
          customerId: customer.id,
          email: customer.email,
          deliveredAt: last,
          lines: [line(randomUUID())],
        }),
      ),
    );
    await decided(orderId);
    const row = (await request(orderId))!;
    expect(new Date(row.due_at).getTime()).toBe(last.getTime() + DELAY_SECONDS * 1000);
    expect(new Date(row.decided_at!).getTime()).toBeGreaterThanOrEqual(last.getTime() + DELAY_SECONDS * 1000);
    // The first delivery's job ran too (not yet due then) and sent nothing: one mail in all.
    await waitFor(async () => (await review.running.runtime.bus!.jobs.jobCounts('review.request')).waiting === 0);
    expect(await mailsTo(customer.email)).toHaveLength(1);
    expect((await outbox(orderId)).map((e) => e.name)).toEqual(['review.request-sent']);
  });

  it('still sends once when the review subgraph restarts between the delivery and the due time', async () => {
    const customer = await shopper();
    const orderId = randomUUID();
    // Delivered a few seconds ahead, so the request is due only after the restart however slow the machine.
    const deliveredAt = new Date(Date.now() + 5000);
    await review.applied(
      await review.publish(
        ...orderEvents.delivered({ orderId, customerId: customer.id, email: customer.email, deliveredAt, lines: [line(randomUUID())] }),
      ),
    );
    await review.stop();
    expect((await request(orderId))!.status).toBe('SCHEDULED');
    review = await startReviewSubgraph({
      existing: { database: review.database, keys: review.keys },
      env: { CUSTOMER_URL: customers.url },
    });
    await decided(orderId);
    expect((await request(orderId))!.status).toBe('SENT');
    await waitFor(async () => (await review.running.runtime.bus!.jobs.jobCounts('review.request')).waiting === 0);
    expect(await mailsTo(customer.email)).toHaveLength(1);
    expect((await outbox(orderId)).map((e) => e.name)).toEqual(['review.request-sent']);
  });

  it('decides in the sweep a request whose job was lost, once', async () => {
    const customer = await shopper();
    const orderId = randomUUID();
    const runtime = review.running.runtime;
    // Recorded as the delivery handler does, but without its job, and due 20 minutes ago.
    await runtime.orm.em.fork().transactional(async (tx) => {
      const sql = PreparedSql.ofTransaction(tx);
      const deliveredAt = new Date(Date.now() - 30 * 60_000);
      await recordPurchases(sql, { orderId, customerId: customer.id, deliveredAt }, [line(randomUUID())]);
      await scheduleRequest(sql, {
        orderId,
        orderNumber: 'SG-SWEEP',
        customerId: customer.id,
        email: customer.email,
        dueAt: new Date(Date.now() - 20 * 60_000),
      });
    });
    const mailer = createMailer({ dir: mailDir, from: 'shopgraph <no-reply@shopgraph.dev>', logger: runtime.logger });
    const ports = {
      customerContact: (id: string) => fetchCustomerContact(runtime, id),
      mailer,
      writeUrl: 'http://localhost:3000/write-review',
    };
    expect(await sweepReviewRequests(runtime.orm.em.fork(), ports, runtime.logger)).toBeGreaterThanOrEqual(1);
    expect((await request(orderId))!.status).toBe('SENT');
    await sweepReviewRequests(runtime.orm.em.fork(), ports, runtime.logger);
    expect(await mailsTo(customer.email)).toHaveLength(1);
    expect((await outbox(orderId)).map((e) => e.name)).toEqual(['review.request-sent']);
    mailer.close();
  });
});
