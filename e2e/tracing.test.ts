import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { TokenSigner } from '@shopgraph/auth';
import { demoProducts } from '@shopgraph/demo-data';
import { type StoredSpan, findTraceIds, readSpanFiles } from '@shopgraph/observability';
import { loadOrCreateDevKeys } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { type LocalStack, startLocalStack } from '../scripts/src/processes.js';
import { StartError } from '../scripts/src/supervisor/start-error.js';
import { HANOI } from './checkout-kit.js';
import {
  AddToCartDocument,
  AdminAdjustStockDocument,
  AdminStockOfDocument,
  ConfirmCheckoutDocument,
  type ConfirmCheckoutMutation,
  RegisterDocument,
  StartCheckoutDocument,
  UpdateCheckoutStateDocument,
  type UpdateCheckoutStateInput,
} from './generated/graphql.js';

/** What the test sets for the stack's processes (they inherit this process's environment), restored after. */
const STACK_ENV = [
  'DATABASE_URL',
  'SHOPGRAPH_DATA_DIR',
  'TRACES_DIR',
  'STACK_PORT_BASE',
  'OTEL_TRACES_EXPORTER',
  'OTEL_TRACES_SAMPLER_ARG',
  'CONFIRM_BUDGET_MS',
];
const skus = demoProducts()
  .flatMap((p) => p.variants.map((v) => v.sku))
  .slice(600, 602);

/** A checkout as the test drove it. */
interface Checkout {
  sessionId: string;
  /** The gateway's `x-request-id` of the confirmCheckout request. */
  requestId: string;
  answer: ConfirmCheckoutMutation['confirmCheckout'];
}

/**
 * Issue 20, tracing: the processes of `npm start` (each started with `node --import` of the tracing
 * entry; jest's in-process stacks run under vm modules, where ESM hooks do not apply) write spans
 * with the file exporter into a temporary TRACES_DIR. One confirmed checkout must be one trace from
 * the gateway through every subgraph it touches, the saga's steps, the database and the payment
 * provider's process; a declined one marks its payment step failed with the reason; the order number
 * and the request id find the trace, and `npm run trace` prints its tree. The stack is stopped before
 * the spans are read: each process flushes what it buffered when it exits on SIGTERM.
 */
describe('tracing across the processes of the stack', () => {
  const saved = Object.fromEntries(STACK_ENV.map((name) => [name, process.env[name]]));
  let stack: LocalStack | undefined;
  let database: TestDatabase;
  let dataDir: string;
  let tracesDir: string;
  let spans: StoredSpan[];
  let paid: Checkout;
  let declined: Checkout;

  /** Sends an operation to the gateway; its data and the request id the gateway answered with. */
  async function gql<T, V>(document: TypedDocumentNode<T, V>, variables: V, token?: string): Promise<{ data: T; requestId: string }> {
    const response = await fetch(stack!.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return { data: body.data, requestId: response.headers.get('x-request-id') ?? '' };
  }

  /** Exactly `units` of `sku` available, all in its first warehouse. */
  async function setAvailable(sku: string, units: number, admin: string): Promise<void> {
    const { data } = await gql(AdminStockOfDocument, { sku }, admin);
    for (const level of data.productVariant!.availability.warehouses!) {
      const delta = (level === data.productVariant!.availability.warehouses![0] ? units : 0) - level.available;
      if (delta === 0) continue;
      const input = { sku, warehouseId: level.warehouse.id, quantityDelta: delta, kind: 'ADJUSTMENT' as const };
      expect((await gql(AdminAdjustStockDocument, { input }, admin)).data.adjustStock.userErrors).toEqual([]);
    }
  }

  /** A registered customer buys one unit of `sku` with `card`; confirmCheckout is asked again while PROCESSING. */
  async function checkout(sku: string, card: string): Promise<Checkout> {
    const email = `trace.${randomUUID().slice(0, 8)}@example.com`;
    const input = { email, password: 'checkout-pass-42', firstName: 'Tra', lastName: 'Ce' };
    const token = (await gql(RegisterDocument, { input })).data.register.token!.accessToken;
    expect((await gql(AddToCartDocument, { input: { sku, quantity: 1 } }, token)).data.addCartItem.userErrors).toEqual([]);
    const session = (await gql(StartCheckoutDocument, {}, token)).data.startCheckout.checkoutSession!;
    const payment = {
      card: { providerToken: card, brand: 'VISA' as const, last4: '4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 },
    };
    const update: UpdateCheckoutStateInput = {
      checkoutSessionId: session.id,
      shippingAddress: { address: HANOI },
      shippingMethodCode: 'STANDARD',
      payment,
    };
    const updated = (await gql(UpdateCheckoutStateDocument, { input: update }, token)).data.updateCheckoutState;
    expect(updated.userErrors).toEqual([]);
    const total = updated.checkoutSession!.totals.total;
    const confirm = {
      checkoutSessionId: session.id,
      idempotencyKey: randomUUID(),
      expectedTotal: { amountMinor: String(total.amountMinor), currencyCode: total.currencyCode },
    };
    for (;;) {
      const { data, requestId } = await gql(ConfirmCheckoutDocument, { input: confirm }, token);
      if (data.confirmCheckout.state !== 'PROCESSING') return { sessionId: session.id, requestId, answer: data.confirmCheckout };
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shopgraph-tracing-data-'));
    tracesDir = await mkdtemp(join(tmpdir(), 'shopgraph-tracing-spans-'));
    database = await freshDatabase('tracing');
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      SHOPGRAPH_DATA_DIR: dataDir,
      TRACES_DIR: tracesDir,
      OTEL_TRACES_EXPORTER: 'file',
      OTEL_TRACES_SAMPLER_ARG: '1',
      // The whole saga runs inside the confirming request even on a busy machine: one trace.
      CONFIRM_BUDGET_MS: '30000',
    });
    // A free block of ports for the eight processes, below Linux's ephemeral range (32768+), where the
    // machine's outgoing connections take their local ports. Another process may still take one
    // between the check and the listen: then try another block.
    for (let attempt = 1; !stack; attempt++) {
      process.env.STACK_PORT_BASE = String(20_000 + 10 * Math.floor(Math.random() * 1200));
      try {
        stack = await startLocalStack({ logLevel: 'warn', quiet: true });
      } catch (error) {
        const portRace = error instanceof StartError && (error.code === 'PORT_TAKEN' || /EADDRINUSE/.test(error.message));
        if (attempt >= 5 || !portRace) throw error;
      }
    }
    const keys = await loadOrCreateDevKeys();
    const admin = (await new TokenSigner(keys.privateKey, 'shopgraph').sign('tracing-admin', { role: 'staff', staffRole: 'OWNER' }, 3600))
      .token;
    for (const sku of skus) await setAvailable(sku, 5, admin);
    paid = await checkout(skus[0]!, 'tok_visa');
    declined = await checkout(skus[1]!, 'tok_chargeDeclined');
    await stack.stop();
    spans = readSpanFiles(tracesDir);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
    for (const dir of [dataDir, tracesDir]) if (dir) await rm(dir, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const traceOf = (traceId: string) => spans.filter((span) => span.traceId === traceId);
  /** The spans from `span` up to its trace's root, nearest first. */
  const ancestors = (span: StoredSpan, trace: StoredSpan[]) => {
    const chain: StoredSpan[] = [];
    for (let at = span; at.parentSpanId;) {
      const parent = trace.find((candidate) => candidate.spanId === at.parentSpanId);
      if (!parent) break;
      chain.push(parent);
      at = parent;
    }
    return chain;
  };
  const one = (trace: StoredSpan[], match: (span: StoredSpan) => boolean, what: string) => {
    const found = trace.filter(match);
    if (found.length !== 1) throw new Error(`expected one span ${what}, found ${found.length}`);
    return found[0]!;
  };

  it('a confirmed checkout is one trace from the gateway through the subgraphs, the saga steps, the database and the provider', () => {
    expect(paid.answer).toMatchObject({ state: 'COMPLETED', userErrors: [] });
    const number = paid.answer.order!.number;
    const traceIds = findTraceIds(spans, number);
    expect(traceIds).toHaveLength(1);
    const trace = traceOf(traceIds[0]!);
    expect([...new Set(trace.map((span) => span.service))].sort()).toEqual(
      expect.arrayContaining(['catalog', 'customer', 'gateway', 'inventory', 'order', 'paysim', 'promotion']),
    );

    // gateway.request → gateway.fetch (order) → the order subgraph's server span → the saga's steps.
    const request = one(trace, (s) => s.service === 'gateway' && s.name === 'gateway.request', 'gateway.request');
    expect(request.attributes).toMatchObject({ 'graphql.operation.name': 'ConfirmCheckout', 'shop.operation': 'order_creation' });
    const orderServer = one(
      trace,
      (s) => s.service === 'order' && s.kind === 'server' && s.name === 'POST /graphql' && ancestors(s, trace).includes(request),
      'order server under the gateway',
    );
    expect(ancestors(orderServer, trace).map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.fetch', 'gateway.request']));
    const authorize = one(trace, (s) => s.name === 'saga.step authorize-payment', 'authorize-payment');
    const created = one(trace, (s) => s.name === 'saga.step create-order', 'create-order');
    const capture = one(trace, (s) => s.name === 'saga.step capture-payment', 'capture-payment');
    for (const step of [authorize, created, capture]) {
      expect(step.service).toBe('order');
      expect(ancestors(step, trace)).toContain(orderServer);
      expect(step.status).not.toBe('error');
      expect(step.attributes['saga.business_key']).toBe(paid.sessionId);
    }
    expect(authorize.attributes).toMatchObject({ 'shop.operation': 'payment_processing', 'saga.outcome': 'done', 'saga.attempt': 1 });
    expect(created.attributes).toMatchObject({ 'shop.operation': 'order_creation', 'shop.order_number': number });
    // The local step's statements run inside its span.
    expect(trace.some((s) => s.service === 'order' && s.name.startsWith('pg') && s.parentSpanId === created.spanId)).toBe(true);

    // The provider call: the order's client span, and the payment simulator's server span under it.
    const providerServer = trace.filter((s) => s.service === 'paysim' && s.kind === 'server');
    expect(providerServer.length).toBeGreaterThanOrEqual(2);
    for (const server of providerServer) {
      const [client] = ancestors(server, trace);
      expect(client).toMatchObject({ service: 'order', kind: 'client' });
      expect(ancestors(client!, trace).some((s) => s === authorize || s === capture)).toBe(true);
    }

    // Every other subgraph's server spans hang, through recorded parents, under the gateway's server span.
    const root = one(trace, (s) => !s.parentSpanId, 'root');
    expect(root).toMatchObject({ service: 'gateway', kind: 'server', name: 'POST /graphql', status: 'unset' });
    expect(root.attributes).toMatchObject({ 'shop.outcome': 'ok', 'shop.request_id': paid.requestId });
    for (const service of ['catalog', 'inventory', 'promotion', 'customer']) {
      const servers = trace.filter((s) => s.service === service && s.kind === 'server');
      expect(servers.length).toBeGreaterThan(0);
      for (const server of servers) expect(ancestors(server, trace).at(-1)).toBe(root);
    }
  });

  it('a declined payment marks the authorize-payment step failed with the decline reason', () => {
    expect(declined.answer).toMatchObject({ state: 'FAILED', order: null });
    const declineCode = declined.answer.declineCode!;
    expect(declineCode).toBeTruthy();
    const traceIds = findTraceIds(spans, declined.requestId);
    expect(traceIds).toHaveLength(1);
    const trace = traceOf(traceIds[0]!);
    const authorize = one(trace, (s) => s.name === 'saga.step authorize-payment', 'authorize-payment');
    expect(authorize).toMatchObject({ status: 'error', attributes: expect.objectContaining({ 'shop.error.code': 'PAYMENT_DECLINED' }) });
    expect(authorize.statusMessage).toContain('PAYMENT_DECLINED');
    expect(authorize.statusMessage).toContain(declineCode);
    // The request itself ended in a business refusal: a failed operation at the gateway too.
    const root = one(trace, (s) => !s.parentSpanId, 'root');
    expect(root).toMatchObject({
      service: 'gateway',
      status: 'error',
      attributes: expect.objectContaining({ 'shop.outcome': 'user_error' }),
    });
    expect(root.attributes['shop.error.codes']).toContain('PAYMENT_DECLINED');
    // The steps before it are compensated in the same trace.
    expect(trace.some((s) => s.name.startsWith('saga.compensate '))).toBe(true);
    expect(trace.some((s) => s.name === 'saga.step create-order')).toBe(false);
  });

  it('npm run trace finds the checkout by order number and by request id and prints its tree', async () => {
    const number = paid.answer.order!.number;
    const [traceId] = findTraceIds(spans, number);
    expect(findTraceIds(spans, paid.requestId)).toEqual([traceId]);
    const cli = (query: string) =>
      promisify(execFile)(process.execPath, [resolve('scripts/dist/trace-cli.js'), query], {
        env: { ...process.env, TRACES_DIR: tracesDir },
      });
    const { stdout } = await cli(number);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^trace ${traceId}: \\d+ spans, \\d+ services \\(.*paysim.*\\)`));
    const depth = (pattern: RegExp) => {
      const found = lines.find((line) => pattern.test(line));
      if (!found) throw new Error(`no line matches ${pattern}:\n${stdout}`);
      return found.length - found.trimStart().length;
    };
    const gatewayDepth = depth(/^\s*gateway\.request {2}\[gateway\]/);
    const stepDepth = depth(/^\s*saga\.step create-order {2}\[order\].*shop\.order_number=/);
    expect(stepDepth).toBeGreaterThan(gatewayDepth);
    expect(depth(/^\s*POST \/v1\/payments {2}\[paysim server\]/)).toBeGreaterThan(depth(/^\s*saga\.step authorize-payment {2}\[order\]/));
    expect(stdout).not.toContain('ERROR');
    expect((await cli(paid.requestId)).stdout).toBe(stdout);

    const failure = await cli(declined.requestId);
    expect(failure.stdout).toMatch(/saga\.step authorize-payment {2}\[order\] {2}[\d.]+ ms {2}ERROR: PAYMENT_DECLINED: /);
    await expect(cli('no-such-order')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No trace has') });
  });
});
