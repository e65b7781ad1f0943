import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One span as read back from a span file. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** `service.name` of the process that recorded it. */
  service: string;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** Start, in milliseconds since the epoch. */
  startMs: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
  /** Messages of the exceptions recorded on the span. */
  exceptions: string[];
}

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number; message?: string };
  links?: { traceId: string; spanId: string }[];
  events?: { name: string; attributes?: OtlpAttribute[] }[];
}
interface OtlpRequest {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const KINDS: StoredSpan['kind'][] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: StoredSpan['status'][] = ['unset', 'ok', 'error'];

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

/** The spans of one OTLP-JSON line (an `ExportTraceServiceRequest`). */
export function spansOfRequest(request: OtlpRequest): StoredSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span): StoredSpan => {
        const start = BigInt(span.startTimeUnixNano);
        const status = STATUSES[span.status?.code ?? 0] ?? 'unset';
        return {
          traceId: span.traceId,
          spanId: span.spanId,
          ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
          service,
          name: span.name,
          kind: KINDS[span.kind] ?? 'internal',
          startMs: Number(start / 1000n) / 1000,
          durationMs: Number(BigInt(span.endTimeUnixNano) - start) / 1e6,
          status,
          ...(span.status?.message ? { statusMessage: span.status.message } : {}),
          attributes: attributesOf(span.attributes),
          links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
          exceptions: (span.events ?? [])
            .filter((event) => event.name === 'exception')
            .map((event) => String(attributesOf(event.attributes)['exception.message'] ?? 'exception')),
        };
      }),
    );
  });
}

/** Every span in the span files of `dir` (current and rotated); a line cut short by a crash is skipped. */
export function readSpanFiles(dir: string): StoredSpan[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => /\.jsonl(\.1)?$/.test(file));
  } catch {
    return [];
  }
  const spans: StoredSpan[] = [];
  for (const file of files.sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        spans.push(...spansOfRequest(JSON.parse(line) as OtlpRequest));
      } catch {
        // A partial last line (the process died while writing): the rest of the file still counts.
      }
    }
  }
  return spans;
}
