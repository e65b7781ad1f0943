import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Writes spans as OTLP-JSON lines (one `ExportTraceServiceRequest` per batch) to one file per service,
 * `<dir>/<service>.jsonl`, moved to `<service>.jsonl.1` once it passes `maxBytes`. Writes are
 * synchronous, so a batch flushed from an `exit` handler still reaches the file.
 */
export class FileSpanExporter implements SpanExporter {
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = 20 * 1024 * 1024,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.size = sizeOf(path);
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      const line = Buffer.concat([JsonTraceSerializer.serializeRequest(spans)!, Buffer.from('\n')]);
      if (this.size > 0 && this.size + line.length > this.maxBytes) {
        renameSync(this.path, `${this.path}.1`);
        this.size = 0;
      }
      appendFileSync(this.path, line);
      this.size += line.length;
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
