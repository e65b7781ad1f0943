import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { FileSpanExporter } from '../src/trace-file.js';
import {
  findTraceIds,
  formatTrace,
  operationKind,
  readSpanFiles,
  recordOperationOutcome,
  runInConsumerSpan,
  shutdownTracing,
  runInSpan,
  traceCarrier,
  traceReport,
  tracingEnv,
} from '../src/index.js';

/**
 * The pieces `startTracing` puts together, on a provider of the test's own (the instrumentations need
 * real processes: e2e/tracing.test.ts): the file exporter and its reader, the W3C carrier an event
 * keeps and the consumer span made from it, and the `npm run trace` tree.
 */
describe('tracing', () => {
  let dir: string;
  let provider: TracerProvider;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shopgraph-spans-'));
    provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'order' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: new FileSpanExporter(join(dir, 'order.jsonl')) })],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    trace.disable();
    context.disable();
    propagation.disable();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes spans as OTLP-JSON lines and reads them back with service, parent, status, attributes and exceptions', async () => {
    let ids = { trace: '', parent: '', child: '' };
    await expect(
      runInSpan(
        'saga.step authorize-payment',
        { attributes: { 'shop.operation': 'payment_processing', 'saga.attempt': 2 } },
        async (parent) => {
          await runInSpan('pg.query:SELECT', { kind: SpanKind.CLIENT }, async (child) => {
            ids = { trace: parent.spanContext().traceId, parent: parent.spanContext().spanId, child: child.spanContext().spanId };
          });
          throw new Error('provider unreachable');
        },
      ),
    ).rejects.toThrow('provider unreachable');
    const spans = readSpanFiles(dir).filter((span) => span.traceId === ids.trace);
    const parent = spans.find((span) => span.spanId === ids.parent)!;
    const child = spans.find((span) => span.spanId === ids.child)!;
    expect(parent).toMatchObject({
      service: 'order',
      name: 'saga.step authorize-payment',
      kind: 'internal',
      status: 'error',
      statusMessage: 'provider unreachable',
      exceptions: ['provider unreachable'],
      attributes: { 'shop.operation': 'payment_processing', 'saga.attempt': 2 },
    });
    expect(parent.parentSpanId).toBeUndefined();
    expect(child).toMatchObject({ parentSpanId: ids.parent, kind: 'client', status: 'unset' });
    expect(child.startMs).toBeGreaterThanOrEqual(parent.startMs);
    expect(parent.durationMs).toBeGreaterThanOrEqual(child.durationMs);
  });

  it('a consumer span from a carrier is the child of the producing span and linked to it; without one it starts a trace', async () => {
    expect(traceCarrier()).toEqual({});
    const producer = await runInSpan('order.created publish', { kind: SpanKind.PRODUCER }, async (span) => ({
      carrier: traceCarrier(),
      context: span.spanContext(),
    }));
    expect(producer.carrier.traceparent).toBe(`00-${producer.context.traceId}-${producer.context.spanId}-01`);
    const consumed = await runInConsumerSpan('process order.created', producer.carrier, async (span) => span.spanContext());
    const orphan = await runInConsumerSpan('process order.created', undefined, async (span) => span.spanContext());
    await expect(
      runInConsumerSpan('process order.created', producer.carrier, async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');

    const spans = readSpanFiles(dir);
    const consumer = spans.find((span) => span.spanId === consumed.spanId)!;
    expect(consumer).toMatchObject({
      traceId: producer.context.traceId,
      parentSpanId: producer.context.spanId,
      kind: 'consumer',
      links: [{ traceId: producer.context.traceId, spanId: producer.context.spanId }],
    });
    expect(spans.find((span) => span.spanId === orphan.spanId)).toMatchObject({ links: [] });
    expect(orphan.traceId).not.toBe(producer.context.traceId);
    const failed = spans.filter((span) => span.traceId === producer.context.traceId && span.status === 'error');
    expect(failed).toEqual([expect.objectContaining({ kind: 'consumer', statusMessage: 'handler failed' })]);
  });

  it('moves a full span file aside and reads both; a line cut short is skipped', async () => {
    const small = await mkdtemp(join(tmpdir(), 'shopgraph-spans-rotate-'));
    try {
      const exporter = new FileSpanExporter(join(small, 'catalog.jsonl'), 1500);
      const rotating = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'catalog' }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      });
      const tracer = rotating.getTracer('test');
      for (let i = 0; i < 6; i++) tracer.startSpan(`span ${i}`, { attributes: { 'shop.request_id': `r${i}` } }).end();
      await rotating.forceFlush();
      expect((await readdir(small)).sort()).toEqual(['catalog.jsonl', 'catalog.jsonl.1']);
      await appendFile(join(small, 'catalog.jsonl'), '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab');
      const names = readSpanFiles(small).map((span) => span.name);
      // One line per span, two lines to a file: the first rotation's file was replaced by the second's.
      expect(names).toContain('span 5');
      expect(names).not.toContain('span 0');
      await rotating.shutdown();
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  it('finds a trace by id, order number or request id and prints its tree, errors and links', async () => {
    const ids = await runInSpan('POST /graphql', { kind: SpanKind.SERVER, attributes: { 'shop.request_id': 'req-42' } }, async (root) =>
      runInSpan('saga.step create-order', { attributes: { 'shop.order_number': 'SG-000042', 'saga.id': 'run-1' } }, async (step) => {
        await runInSpan('saga.step capture-payment', { attributes: { 'saga.id': 'run-1', 'saga.outcome': 'refuse' } }, async (span) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'PAYMENT_DECLINED: card_declined' });
        });
        return { trace: root.spanContext().traceId, step: step.spanContext() };
      }),
    );
    await runInConsumerSpan('process order.created', { traceparent: `00-${ids.trace}-${ids.step.spanId}-01` }, async () => undefined);
    const spans = readSpanFiles(dir);
    expect(findTraceIds(spans, 'SG-000042')).toEqual([ids.trace]);
    expect(findTraceIds(spans, 'req-42')).toEqual([ids.trace]);
    expect(findTraceIds(spans, ids.trace.toUpperCase())).toEqual([ids.trace]);
    expect(findTraceIds(spans, 'SG-000043')).toEqual([]);

    const lines = formatTrace(spans, ids.trace).split('\n');
    expect(lines[0]).toMatch(new RegExp(`^trace ${ids.trace}: 4 spans, 1 services \\(order\\), [\\d.]+ ms, 1 with errors$`));
    expect(lines[1]).toMatch(/^POST \/graphql {2}\[order server\] {2}[\d.]+ ms {2}shop\.request_id=req-42$/);
    expect(lines[2]).toMatch(/^ {2}saga\.step create-order {2}\[order\] {2}[\d.]+ ms {2}saga\.id=run-1 .*shop\.order_number=SG-000042$/);
    expect(lines[3]).toMatch(
      /^ {4}saga\.step capture-payment {2}\[order\] {2}[\d.]+ ms {2}ERROR: PAYMENT_DECLINED: card_declined {2}saga\.outcome=refuse$/,
    );
    expect(lines[4]).toMatch(/^ {4}process order\.created {2}\[order consumer\] {2}[\d.]+ ms$/);
    expect(lines[5]).toBe(`      ↳ link to trace ${ids.trace} span ${ids.step.spanId}`);
    expect(traceReport(spans, 'SG-000043')).toEqual({ found: false, text: expect.stringContaining('No trace has') });
  });

  it("records an operation's business refusal on the request's span as a failure with its codes", async () => {
    const ids = await runInSpan('POST /graphql', { kind: SpanKind.SERVER }, async (span) => {
      recordOperationOutcome('user_error', ['INVALID_CREDENTIALS']);
      // The http instrumentation sets the status from the HTTP answer (200: unset) when the response ends.
      span.setStatus({ code: SpanStatusCode.UNSET });
      return span.spanContext();
    });
    const ok = await runInSpan('POST /graphql', { kind: SpanKind.SERVER }, async (span) => {
      recordOperationOutcome('ok');
      return span.spanContext();
    });
    const spans = readSpanFiles(dir);
    expect(spans.find((span) => span.spanId === ids.spanId)).toMatchObject({
      status: 'error',
      statusMessage: 'user_error: INVALID_CREDENTIALS',
      attributes: { 'shop.outcome': 'user_error', 'shop.error.codes': ['INVALID_CREDENTIALS'] },
    });
    expect(spans.find((span) => span.spanId === ok.spanId)).toMatchObject({ status: 'unset', attributes: { 'shop.outcome': 'ok' } });
  });

  it('shutdownTracing stops the provider that was registered: later spans are not exported', async () => {
    await runInSpan('before shutdown', {}, async () => undefined);
    await shutdownTracing();
    await runInSpan('after shutdown', {}, async () => undefined);
    const names = readSpanFiles(dir).map((span) => span.name);
    expect(names).toContain('before shutdown');
    expect(names).not.toContain('after shutdown');
  });

  it('names the kinds of operation the flow documents track', () => {
    expect(operationKind('Login', 'mutation')).toBe('login');
    expect(operationKind('StaffLogin', 'mutation')).toBe('login');
    expect(operationKind('ConfirmCheckout', 'mutation')).toBe('order_creation');
    expect(operationKind('CreateFulfilment', 'mutation')).toBe('fulfilment');
    expect(operationKind('ProductListing', 'query')).toBe('data_lookup');
    expect(operationKind('AddToCart', 'mutation')).toBeUndefined();
  });

  it('reads its settings from the environment: file by default, a ratio, OTLP only with an endpoint, instrumentations to leave off', () => {
    expect(tracingEnv.parse({})).toMatchObject({ OTEL_TRACES_EXPORTER: 'file', NODE_ENV: 'development' });
    expect(tracingEnv.parse({ OTEL_TRACES_SAMPLER_ARG: '0.1' }).OTEL_TRACES_SAMPLER_ARG).toBe(0.1);
    expect(() => tracingEnv.parse({ OTEL_TRACES_EXPORTER: 'otlp' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(() => tracingEnv.parse({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow();
    expect(tracingEnv.parse({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg, pino' }).OTEL_NODE_DISABLED_INSTRUMENTATIONS).toEqual([
      'pg',
      'pino',
    ]);
    expect(tracingEnv.parse({}).OTEL_NODE_DISABLED_INSTRUMENTATIONS).toEqual([]);
    expect(() => tracingEnv.parse({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'grpc' })).toThrow();
    expect(tracingEnv.parse({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toMatchObject({
      OTEL_TRACES_EXPORTER: 'otlp',
    });
  });
});
