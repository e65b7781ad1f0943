import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Tracing settings, read from the environment (OBSERVABILITY.md "Exporters", "Cost and sampling"). */
export const tracingEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** `file` (default): OTLP-JSON lines under TRACES_DIR; `otlp`: to OTEL_EXPORTER_OTLP_ENDPOINT; `console`; `none`. */
    OTEL_TRACES_EXPORTER: z.enum(['file', 'otlp', 'console', 'none']).default('file'),
    /** Share of new traces recorded, 0 to 1 (default 1 in development, 0.1 in production); a caller's decision is kept. */
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
    /** Base URL of an OTLP/HTTP receiver (a collector, Jaeger): spans go to `<url>/v1/traces`. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
    /** Folder of the span files (default `.data/traces` in SHOPGRAPH_DATA_DIR or the repository). */
    TRACES_DIR: z.string().min(1).optional(),
    SHOPGRAPH_DATA_DIR: z.string().min(1).optional(),
    /** Instrumentations to leave off, comma-separated (`http`, `undici`, `pg`, `pino`), e.g. to weigh their cost. */
    OTEL_NODE_DISABLED_INSTRUMENTATIONS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(['http', 'undici', 'pg', 'pino']))),
    /** Size in MB at which a span file is moved aside to `<service>.jsonl.1` (so at most twice this per service). */
    TRACES_FILE_MAX_MB: z.coerce.number().positive().default(20),
  })
  .refine((env) => env.OTEL_TRACES_EXPORTER !== 'otlp' || env.OTEL_EXPORTER_OTLP_ENDPOINT, {
    message: 'OTEL_TRACES_EXPORTER=otlp needs OTEL_EXPORTER_OTLP_ENDPOINT',
    path: ['OTEL_EXPORTER_OTLP_ENDPOINT'],
  });
/** Parsed tracing settings. */
export type TracingConfig = z.infer<typeof tracingEnv>;

/** The folder span files go to (see `tracingEnv`). */
export function tracesDir(config: Pick<TracingConfig, 'TRACES_DIR' | 'SHOPGRAPH_DATA_DIR'> = process.env): string {
  if (config.TRACES_DIR) return config.TRACES_DIR;
  if (config.SHOPGRAPH_DATA_DIR) return join(config.SHOPGRAPH_DATA_DIR, 'traces');
  return fileURLToPath(new URL('../../../.data/traces/', import.meta.url));
}
