import type { StoredSpan } from './trace-file-read.js';

/** Span attributes a trace is found by besides its id: the order number and the request id. */
export const LOOKUP_ATTRIBUTES = ['shop.order_number', 'shop.request_id'] as const;

/**
 * Ids of the traces `query` names, oldest first: the trace id itself, or the traces holding a span
 * whose order number or request id is `query`.
 */
export function findTraceIds(spans: StoredSpan[], query: string): string[] {
  const needle = query.trim();
  const matches = spans.filter(
    (span) => span.traceId === needle.toLowerCase() || LOOKUP_ATTRIBUTES.some((key) => span.attributes[key] === needle),
  );
  const firstSeen = new Map<string, number>();
  for (const span of matches) firstSeen.set(span.traceId, Math.min(firstSeen.get(span.traceId) ?? Infinity, span.startMs));
  return [...firstSeen.entries()].sort((a, b) => a[1] - b[1]).map(([traceId]) => traceId);
}

/**
 * Attributes worth a place on a span's line: the shop's own, the operation's name, the subgraph a
 * gateway fetch went to, a saga run's id (first time only), an attempt after the first, how a step
 * ended unless it simply succeeded, and an HTTP error status.
 */
function shownAttributes(span: StoredSpan, sagasSeen: Set<unknown>): string[] {
  const { attributes: a } = span;
  const shown: [string, unknown][] = Object.entries(a).filter(
    ([key]) => key.startsWith('shop.') || key === 'graphql.operation.name' || key === 'service' || key === 'saga.park_reason',
  );
  if (a['saga.id'] !== undefined && !sagasSeen.has(a['saga.id'])) {
    sagasSeen.add(a['saga.id']);
    const run: [string, unknown][] = [['saga.id', a['saga.id']]];
    if (a['saga.workflow'] !== undefined) run.push(['saga.workflow', a['saga.workflow']]);
    shown.unshift(...run);
  }
  if (typeof a['saga.attempt'] === 'number' && a['saga.attempt'] > 1) shown.push(['saga.attempt', a['saga.attempt']]);
  if (a['saga.outcome'] !== undefined && a['saga.outcome'] !== 'done') shown.push(['saga.outcome', a['saga.outcome']]);
  const status = a['http.response.status_code'];
  if (typeof status === 'number' && status >= 400) shown.push(['http.response.status_code', status]);
  return shown.map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
}

function line(span: StoredSpan, depth: number, sagasSeen: Set<unknown>): string {
  const error = span.status === 'error' ? [span.statusMessage, ...span.exceptions].filter(Boolean).join('; ') : '';
  const parts = [
    `${'  '.repeat(depth)}${span.name}`,
    `[${span.service}${span.kind === 'internal' ? '' : ` ${span.kind}`}]`,
    `${span.durationMs.toFixed(1)} ms`,
    span.status === 'error' ? `ERROR${error ? `: ${error}` : ''}` : span.status === 'ok' ? 'ok' : '',
    ...shownAttributes(span, sagasSeen),
  ];
  const links = span.links.map((link) => `${'  '.repeat(depth + 1)}↳ link to trace ${link.traceId} span ${link.spanId}`);
  return [parts.filter(Boolean).join('  '), ...links].join('\n');
}

/**
 * The tree of one trace as text: a line per span (name, service and kind, duration, status with the
 * error, the shop's attributes), children indented under their parent in start order, links below
 * the span that holds them. A span whose parent is not in the files (not flushed, or in a process
 * that does not record) starts a tree of its own; traces linking into this one are listed at the end.
 */
export function formatTrace(spans: StoredSpan[], traceId: string): string {
  const own = spans.filter((span) => span.traceId === traceId).sort((a, b) => a.startMs - b.startMs);
  if (own.length === 0) return `trace ${traceId}: no spans`;
  const ids = new Set(own.map((span) => span.spanId));
  const children = new Map<string, StoredSpan[]>();
  const roots: StoredSpan[] = [];
  for (const span of own) {
    if (span.parentSpanId && ids.has(span.parentSpanId))
      children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    else roots.push(span);
  }
  const out: string[] = [];
  const sagasSeen = new Set<unknown>();
  const walk = (span: StoredSpan, depth: number) => {
    out.push(line(span, depth, sagasSeen));
    for (const child of children.get(span.spanId) ?? []) walk(child, depth + 1);
  };
  for (const root of roots) {
    if (root.parentSpanId) out.push(`(parent span ${root.parentSpanId} not recorded)`);
    walk(root, root.parentSpanId ? 1 : 0);
  }
  const start = own[0]!.startMs;
  const end = Math.max(...own.map((span) => span.startMs + span.durationMs));
  const services = new Set(own.map((span) => span.service));
  const errors = own.filter((span) => span.status === 'error').length;
  const linking = [
    ...new Set(
      spans.filter((span) => span.traceId !== traceId && span.links.some((link) => link.traceId === traceId)).map((span) => span.traceId),
    ),
  ];
  return [
    `trace ${traceId}: ${own.length} spans, ${services.size} services (${[...services].sort().join(', ')}), ${(end - start).toFixed(1)} ms, ${errors} with errors`,
    ...out,
    ...linking.map((id) => `linked from trace ${id}`),
  ].join('\n');
}

/**
 * What `npm run trace -- <query>` prints: the tree of every trace `query` names (a trace id, an order
 * number or a request id) among `spans`, oldest first, or why there is none.
 */
export function traceReport(spans: StoredSpan[], query: string): { found: boolean; text: string } {
  const traceIds = findTraceIds(spans, query);
  if (traceIds.length === 0)
    return { found: false, text: `No trace has the id, order number or request id "${query}" (${spans.length} spans read).` };
  return { found: true, text: traceIds.map((traceId) => formatTrace(spans, traceId)).join('\n\n') };
}
