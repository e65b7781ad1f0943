import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { PgBossBus } from '@shopgraph/events';
import { runInSpan } from '@shopgraph/observability';
import { defineWorkflow, waitFor } from '../src/index.js';
import { FakeRemote, type Ports, checkoutLike, engineFor, freshArgs, openSagaDatabase, remoteStep } from './support.js';

/**
 * The saga's spans (OBSERVABILITY.md "Where context travels" 5): one span per step attempt
 * `saga.step <id>` (and `saga.compensate <id>`) under the request that drives the run, saying how the
 * attempt ended; a run handed to the background goes on in the same trace, under a consumer span.
 */
describe('saga spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let db: Awaited<ReturnType<typeof openSagaDatabase>>;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    db = await openSagaDatabase('saga_tracing');
  });
  afterAll(async () => {
    await db?.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

  it('records each attempt under the driving request: a failure with its error, a refusal with its code, the compensations', async () => {
    const remote = new FakeRemote();
    remote.faults.set('a', 1);
    remote.answers.set('b', () => ({ kind: 'refuse', code: 'PAYMENT_DECLINED', message: 'card_declined: try another card' }));
    const workflow = defineWorkflow<Ports>('traced', [{ ...remoteStep('a'), operation: 'payment_processing' }, remoteStep('b')]);
    const engine = engineFor(db.orm, [workflow], remote);
    const { run } = await engine.start('traced', freshArgs());
    const request = await runInSpan('POST /graphql', { kind: SpanKind.SERVER }, async (span) => {
      expect(await engine.drive(run.id)).toMatchObject({ status: 'COMPENSATED' });
      return span.spanContext();
    });

    const spans = spansOf(request.traceId);
    const [failed, succeeded] = named(spans, 'saga.step a');
    expect(failed).toMatchObject({
      parentSpanContext: expect.objectContaining({ spanId: request.spanId }),
      status: { code: 2, message: 'a is down' },
      attributes: expect.objectContaining({
        'saga.id': run.id,
        'saga.step': 'a',
        'saga.attempt': 1,
        'saga.phase': 'do',
        'shop.operation': 'payment_processing',
      }),
    });
    expect(failed!.events.map((event) => event.name)).toEqual(['exception']);
    expect(succeeded).toMatchObject({
      status: { code: 0 },
      attributes: expect.objectContaining({ 'saga.attempt': 2, 'saga.outcome': 'done' }),
    });
    expect(named(spans, 'saga.step b')).toEqual([
      expect.objectContaining({
        status: { code: 2, message: 'PAYMENT_DECLINED: card_declined: try another card' },
        attributes: expect.objectContaining({ 'saga.outcome': 'refuse', 'shop.error.code': 'PAYMENT_DECLINED' }),
      }),
    ]);
    expect(named(spans, 'saga.compensate a')).toEqual([
      expect.objectContaining({
        parentSpanContext: expect.objectContaining({ spanId: request.spanId }),
        attributes: expect.objectContaining({ 'saga.phase': 'undo', 'saga.attempt': 1 }),
      }),
    ]);
  });

  it('goes on with a run out of budget in the background in the trace of the request that started it', async () => {
    const bus = new PgBossBus({ url: db.url, schema: 'pgboss_saga_tracing', pollingIntervalSeconds: 0.5 });
    await bus.start();
    const engine = engineFor(db.orm, [checkoutLike('background')], new FakeRemote(), { bus, sweepIntervalSeconds: 60 });
    const stop = await engine.startBackground();
    try {
      const { run } = await engine.start('background', freshArgs());
      const request = await runInSpan('POST /graphql', { kind: SpanKind.SERVER }, async (span) => {
        expect(await engine.drive(run.id, { budgetMs: 0 })).toMatchObject({ status: 'RUNNING', stepId: 'a' });
        return span.spanContext();
      });
      await waitFor(async () => (await engine.get(run.id))?.status === 'COMPLETED');
      await waitFor(async () => named(spansOf(request.traceId), 'saga.step ship').length === 1);

      const spans = spansOf(request.traceId);
      const [advance] = named(spans, 'saga.advance');
      expect(advance).toMatchObject({
        kind: SpanKind.CONSUMER,
        parentSpanContext: expect.objectContaining({ spanId: request.spanId }),
        links: [expect.objectContaining({ context: expect.objectContaining({ spanId: request.spanId }) })],
        attributes: { 'saga.id': run.id },
      });
      for (const step of ['a', 'b', 'pay', 'ship'])
        expect(named(spans, `saga.step ${step}`)).toEqual([
          expect.objectContaining({ parentSpanContext: expect.objectContaining({ spanId: advance!.spanContext().spanId }) }),
        ]);
    } finally {
      await stop();
      await bus.stop();
    }
  });
});
