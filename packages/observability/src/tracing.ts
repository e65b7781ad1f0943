import {
  type Attributes,
  type Context,
  type Link,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/** Span attribute: the flow documents' kind of operation (see `OperationKind`). */
export const ATTR_SHOP_OPERATION = 'shop.operation';
/** Span attribute: the number of the order a span created (`npm run trace -- <order number>`). */
export const ATTR_SHOP_ORDER_NUMBER = 'shop.order_number';
/** Span attribute: the request id (`x-request-id`) of a server span (`npm run trace -- <request id>`). */
export const ATTR_SHOP_REQUEST_ID = 'shop.request_id';

/** The kinds of operation the flow documents track (user_login, order_creation, payment_processing, order_fulfillment, data_lookup). */
export type OperationKind = 'login' | 'order_creation' | 'payment_processing' | 'fulfilment' | 'data_lookup';

const OPERATION_KINDS: Record<string, OperationKind> = {
  Login: 'login',
  StaffLogin: 'login',
  ConfirmCheckout: 'order_creation',
};

/** The kind of a GraphQL operation by its name and type: logins, the confirmation, fulfilment mutations, every query. */
export function operationKind(name: string | undefined, type: string | undefined): OperationKind | undefined {
  if (name && OPERATION_KINDS[name]) return OPERATION_KINDS[name];
  if (name && /fulfil/i.test(name)) return 'fulfilment';
  return type === 'query' ? 'data_lookup' : undefined;
}

/**
 * Exports what tracing buffered and stops it, if `startTracing` ran (entry points may await it before
 * `process.exit`: the OTLP exporter cannot send from an `exit` handler).
 */
export async function shutdownTracing(): Promise<void> {
  const global = trace.getTracerProvider();
  const provider: object = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  if ('shutdown' in provider && typeof provider.shutdown === 'function') await (provider.shutdown as () => Promise<void>)();
}

const tracer = () => trace.getTracer('shopgraph');

/** A W3C trace context carrier: what an event or outbox row keeps of the context that produced it. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The current trace context as W3C headers (empty outside a trace): store it beside an event. */
export function traceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** Ends `span` with `error` recorded as its exception and error status. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn` in a new active span `name` (child of the active one, or of `parent`), ended when `fn`
 * settles; a thrown error marks it failed and is thrown on.
 */
export async function runInSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: Link[]; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const spanOptions = { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {}, links: options.links ?? [] };
  return tracer().startActiveSpan(name, spanOptions, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `fn` in a CONSUMER span `name` whose parent is the producer's context in `carrier` (see
 * `traceCarrier`), linked to it as well, so tools that draw links and tools that draw parents both
 * lead back to the request that produced the event. Without a carrier the span starts a trace.
 */
export function runInConsumerSpan<T>(
  name: string,
  carrier: TraceCarrier | undefined,
  fn: (span: Span) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, carrier ?? {});
  const producer = trace.getSpanContext(parent);
  return runInSpan(name, { kind: SpanKind.CONSUMER, attributes, links: producer ? [{ context: producer }] : [], parent }, fn);
}

/**
 * Records how a GraphQL operation ended on the active span (the request's HTTP server span, where
 * request plugins run): `shop.outcome`, and for business refusals (userErrors) or errors their codes
 * and an error status, so a declined login or checkout is a failed operation in every trace tool.
 */
export function recordOperationOutcome(outcome: 'ok' | 'user_error' | 'error', codes: readonly string[] = []): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('shop.outcome', outcome);
  if (outcome === 'ok') return;
  span.setAttribute('shop.error.codes', [...codes]);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome}${codes.length ? `: ${codes.join(', ')}` : ''}` });
}

/** Sets attributes on the active span, if one is recording (e.g. the order number where an order is created). */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

export type { Attributes, Span };
export { SpanKind, SpanStatusCode };
