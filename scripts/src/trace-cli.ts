/**
 * `npm run trace -- <trace id | order number | request id>` prints the tree of that request's trace
 * (service, span, duration, status and error, the shop's attributes, links) from the span files the
 * processes wrote with the default file exporter (TRACES_DIR, default `.data/traces`). With OTLP
 * configured, the same trace is in Jaeger or Tempo under its trace id.
 */
import { readSpanFiles, traceReport, tracesDir } from '@shopgraph/observability';

const query = process.argv[2];
if (!query) {
  console.error('usage: npm run trace -- <trace id | order number | request id>');
  process.exit(2);
}
const dir = tracesDir();
const report = traceReport(readSpanFiles(dir), query);
if (report.found) console.log(report.text);
else console.error(`${report.text} Span files: ${dir}`);
process.exitCode = report.found ? 0 : 1;
