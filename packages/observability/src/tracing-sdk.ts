/** The tracing SDK's set-up, loaded only by `register.ts`: a process without tracing, and every test, never loads the SDK. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type Span as SdkSpan,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { FileSpanExporter } from './trace-file.js';
import { type TracingConfig, tracesDir, tracingEnv } from './tracing-config.js';
import { ATTR_SHOP_OPERATION, ATTR_SHOP_REQUEST_ID, operationKind } from './tracing.js';

const REQUEST_ID_HEADER = 'x-request-id';
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/** A URL path fit for a span name: no query, and ids (long segments with digits) as `:id`. */
function spanPath(url: string): string {
  return url
    .split('?')[0]!
    .split('/')
    .map((segment) => (segment.length >= 8 && /\d/.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * Marks the gateway's request span with the operation's kind, read from the attributes @apollo/gateway
 * put on it (`graphql.operation.name`, `graphql.operation.type`), just before it ends.
 */
class OperationKindProcessor implements SpanProcessor {
  onStart(): void {}
  onEnding(span: SdkSpan): void {
    if (span.name !== 'gateway.request') return;
    const name = span.attributes['graphql.operation.name'];
    const type = span.attributes['graphql.operation.type'];
    const kind = operationKind(typeof name === 'string' ? name : undefined, typeof type === 'string' ? type : undefined);
    if (kind) span.setAttribute(ATTR_SHOP_OPERATION, kind);
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function exporterFor(service: string, config: TracingConfig): SpanExporter {
  switch (config.OTEL_TRACES_EXPORTER) {
    case 'otlp':
      return new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/$/, '')}/v1/traces` });
    case 'console':
      return new ConsoleSpanExporter();
    default:
      return new FileSpanExporter(join(tracesDir(config), `${service}.jsonl`), config.TRACES_FILE_MAX_MB * 1024 * 1024);
  }
}

/** A running tracer provider. */
export interface Tracing {
  /** Exports what is buffered and stops recording. */
  shutdown(): Promise<void>;
}

let running: Tracing | undefined;

/**
 * Starts tracing for `service` (OBSERVABILITY.md): a tracer provider sampling
 * ParentBased(TraceIdRatio), W3C trace context, the AsyncLocalStorage context manager, batched export
 * to the configured exporter, and the http (not /health, /metrics), undici, pg (within a trace only)
 * and pino (trace and span id in every log line) instrumentations. Must run before the instrumented
 * modules are imported (see `register.ts`). Returns undefined when the exporter is `none`.
 * The file exporter writes synchronously, so what is buffered is flushed on `exit` too.
 */
export function startTracing(service: string, config: TracingConfig = tracingEnv.parse(process.env)): Tracing | undefined {
  if (running) return running;
  if (config.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const ratio = config.OTEL_TRACES_SAMPLER_ARG ?? (config.NODE_ENV === 'production' ? 0.1 : 1);
  const exporter = exporterFor(service, config);
  // Span files are read on the same machine moments later (`npm run trace`): written every second.
  const batch = new BatchSpanProcessor({ exporter, ...(config.OTEL_TRACES_EXPORTER === 'file' ? { scheduledDelayMillis: 1000 } : {}) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service, 'process.pid': process.pid }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: [new OperationKindProcessor(), batch],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  // Constructed after the global provider is set: each enables itself and hooks its module.
  const enabled = (name: TracingConfig['OTEL_NODE_DISABLED_INSTRUMENTATIONS'][number]) =>
    !config.OTEL_NODE_DISABLED_INSTRUMENTATIONS.includes(name);
  if (enabled('http'))
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      requireParentforOutgoingSpans: true,
      applyCustomAttributesOnSpan: (span, request, response) => {
        // Unsampled requests (most, in production) pay for none of this.
        if (!span.isRecording() || !('getHeader' in response)) return;
        // Express rewrites `url` below a mount point; `originalUrl` is the path the client asked for.
        const incoming = request as IncomingMessage & { originalUrl?: string };
        span.updateName(`${incoming.method} ${spanPath(incoming.originalUrl ?? incoming.url ?? '')}`);
        const requestId = (response as ServerResponse).getHeader(REQUEST_ID_HEADER);
        if (typeof requestId === 'string') span.setAttribute(ATTR_SHOP_REQUEST_ID, requestId);
      },
    });
  if (enabled('undici'))
    new UndiciInstrumentation({
      requestHook: (span, request) => {
        if (span.isRecording()) span.updateName(`${request.method} ${request.origin}${spanPath(request.path)}`);
      },
    });
  if (enabled('pg')) new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true });
  if (enabled('pino'))
    new PinoInstrumentation({ disableLogSending: true, logKeys: { traceId: 'traceId', spanId: 'spanId', traceFlags: 'traceFlags' } });
  if (config.OTEL_TRACES_EXPORTER === 'file') process.once('exit', () => void batch.forceFlush());
  process.once('beforeExit', () => void provider.shutdown());
  running = { shutdown: () => provider.shutdown() };
  return running;
}
