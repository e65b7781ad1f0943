/**
 * `npm run bench`: starts the supergraph as separate processes (or uses `BENCH_GATEWAY_URL`),
 * drives each scenario with autocannon for `BENCH_DURATION` seconds (default 10), prints a
 * table and writes `bench/results/latest.json`. `BENCH_ONLY=catalog,listing` runs only the scenarios
 * whose name contains one of those words (case-insensitive; `events` selects the events scenario, which
 * needs only `DATABASE_URL`); `BENCH_EVENTS_RATE` takes one rate or a list (`100,250,500`).
 * `BENCH_REPEAT=5` runs each HTTP scenario five times (each after its warm-up) and reports the
 * median of the runs, with every run's p95. The checkout flow scenarios (`BENCH_ONLY='checkout flow'`)
 * give one row per whole checkout and one per step.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { BenchEnv, BenchResult } from './bench/harness.js';
import { BENCH_GATEWAY_ENV, medianOfRuns, runHttpScenario } from './bench/harness.js';
import { CHECKOUT_STEPS } from './bench/checkout-shopper.js';
import { runCheckoutFlow } from './bench/checkout-flow.js';
import { untilQuiet } from './bench/cpu.js';
import { eventLatency } from './bench/events.js';
import { promotionEngine } from './bench/promotion.js';
import { FLOW_SCENARIOS, HTTP_SCENARIOS } from './bench/scenarios.js';
import { TokenSigner } from '@shopgraph/auth';
import { DEFAULT_PORTS } from '@shopgraph/config';
import { loadOrCreateDevKeys } from '@shopgraph/subgraph';
import { type LocalStack, startLocalStack } from './processes.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`BENCH_REPEAT must be a whole number of runs, 1 or more, not "${process.env.BENCH_REPEAT}"`);
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean);
const selected = (name: string) => only.length === 0 || only.some((w) => name.toLowerCase().includes(w));
let stack: LocalStack | undefined;
for (const [name, value] of Object.entries(BENCH_GATEWAY_ENV)) process.env[name] ??= value;
// The stack runs in production mode, which refuses the public development secrets.
for (const name of ['SERVICE_TOKEN', 'PAYMENT_WEBHOOK_SECRET']) process.env[name] ??= randomBytes(24).toString('hex');
const eventsRates = (process.env.BENCH_EVENTS_RATE ?? '500').split(',').map(Number);
const httpScenarios = HTTP_SCENARIOS.filter((s) => selected(s.name));
const flowScenarios = FLOW_SCENARIOS.filter((s) => selected(s.name));
// The events scenario alone needs only a database: DATABASE_URL spares starting the stack.
const needsStack = httpScenarios.length + flowScenarios.length > 0 || (selected('events') && !process.env.DATABASE_URL);
// Tracing is measured on purpose only (OTEL_TRACES_EXPORTER=file or otlp, OTEL_TRACES_SAMPLER_ARG):
// by default the services run without it, so figures compare across runs and no span files pile up.
process.env.OTEL_TRACES_EXPORTER ??= 'none';
if (!process.env.BENCH_GATEWAY_URL && needsStack) stack = await startLocalStack({ logLevel: 'warn', quiet: true, production: true });
const gatewayUrl = process.env.BENCH_GATEWAY_URL ?? stack?.gatewayUrl ?? '';

const keys = await loadOrCreateDevKeys();
const env: BenchEnv = {
  gatewayUrl,
  subgraphUrl: (name) => stack?.subgraphUrl(name) ?? `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`,
  ...(stack ? { pids: stack.pids } : {}),
  serviceToken: process.env.SERVICE_TOKEN!,
  adminToken: async () =>
    (await new TokenSigner(keys.privateKey, 'shopgraph').sign('bench-admin', { role: 'staff', staffRole: 'OWNER' }, 3600)).token,
  async graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`setup request failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  },
};

/** Lets the stack drain what the warm-up left (the outbox relay's backlog) before a measured run. */
async function settle(name: string): Promise<void> {
  if (!env.pids) return;
  const waited = await untilQuiet(env.pids);
  if (waited > 2000) console.log(`waited ${Math.round(waited / 1000)} s for the stack to settle before: ${name}`);
}

const results: BenchResult[] = selected('promotion engine') ? [promotionEngine()] : [];
try {
  for (const scenario of httpScenarios) {
    const runs: BenchResult[] = [];
    for (let run = 0; run < repeat; run++) {
      // A short closed-loop warm-up so JIT and connection pools do not count against the scenario
      // (a paced run alone sends too few requests in two seconds to warm anything).
      await runHttpScenario(env, { ...scenario, ratePerCaller: undefined }, 2);
      await settle(scenario.name);
      runs.push(await runHttpScenario(env, scenario, duration));
    }
    results.push(repeat > 1 ? medianOfRuns(runs) : runs[0]!);
  }
  for (const scenario of flowScenarios) {
    const runs: BenchResult[][] = [];
    for (let run = 0; run < repeat; run++) {
      await runCheckoutFlow(env, { ...scenario, stepsPerSecond: undefined }, 2);
      await settle(scenario.name);
      runs.push(await runCheckoutFlow(env, scenario, duration));
    }
    // Every run gives the same rows in the same order: the median is taken row by row.
    results.push(...runs[0]!.map((row, i) => (repeat > 1 ? medianOfRuns(runs.map((r) => r[i]!)) : row)));
  }
  const databaseUrl = stack?.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl && selected('events')) for (const rate of eventsRates) results.push(await eventLatency(databaseUrl, rate, duration));
} finally {
  await stack?.stop();
}
console.table(
  results.map(({ cpu_ms_per_request: cpu, p95_runs_ms: runs, ...row }) => ({
    ...row,
    cpu_ms_total: cpu?.total,
    ...(runs ? { p95_runs_ms: runs.join(' ') } : {}),
  })),
);
for (const { name, cpu_ms_per_request: cpu } of results)
  if (cpu)
    console.log(
      `CPU ms per request, ${name}: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
if (flowScenarios.length > 0)
  console.log(
    `checkout flow: one checkout took ${CHECKOUT_STEPS.length} requests (${CHECKOUT_STEPS.map((s) => `${s.name}: ${s.operation}`).join(', ')}); its CPU ms are per completed checkout`,
  );
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
