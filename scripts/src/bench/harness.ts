import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import type { SubgraphName } from '@shopgraph/config';
import { cpuPerRequest, cpuSnapshot } from './cpu.js';

/**
 * Gateway settings of the stack `npm run bench` starts: 32 concurrent callers from one address
 * would exhaust the default per-IP and per-customer budgets within a second, so the budgets are
 * raised far above what a run sends (the limiter still runs and its cost is measured). Values
 * already in the environment win. With `BENCH_GATEWAY_URL`, configure that gateway likewise.
 */
export const BENCH_GATEWAY_ENV: Record<string, string> = {
  RATE_LIMIT_PER_CUSTOMER: '100000000',
  RATE_LIMIT_PER_IP: '100000000',
};

/** One benchmark figure, as written to `bench/results/latest.json`. */
export interface BenchResult {
  name: string;
  concurrency: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  /**
   * CPU milliseconds per request by process group (each service, `postgres`, the load `driver`)
   * and their `total`, when the stack's processes are known (Linux). On a shared machine this is
   * the steadier figure: latency includes queueing behind other work, CPU per request does not.
   */
  cpu_ms_per_request?: Record<string, number>;
  /** With `BENCH_REPEAT`, each run's p95 in the order run; the row's figures are medians of the runs. */
  p95_runs_ms?: number[];
}

/** What a scenario may use: the gateway it drives and a way to call it while preparing. */
export interface BenchEnv {
  gatewayUrl: string;
  /** Where each subgraph listens (for internal calls made with the service credential). */
  subgraphUrl(name: SubgraphName): string;
  serviceToken: string;
  /** A short-lived admin token signed with the local development keys. */
  adminToken(): Promise<string>;
  /** Process ids of the stack's services, when this run started the stack (CPU accounting). */
  pids?: Record<string, number>;
  /** Sends one GraphQL request to the gateway (setup, not measured). */
  graphql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
}

/** A load scenario over HTTP: prepared once, then driven by autocannon for a bounded time. */
export interface HttpScenario {
  name: string;
  concurrency: number;
  /**
   * Mean requests per second of each caller, paced (open loop): each caller acts at random times,
   * its gaps drawn from an exponential distribution (Poisson arrivals, as independent shoppers
   * are), e.g. shoppers who act once a second on average. Without it every caller sends its next
   * request as soon as the last one is answered (closed loop): that measures saturation, where
   * p95 ≈ callers × CPU per request / cores (Little's law).
   */
  ratePerCaller?: number;
  /**
   * Prepares data; returns what to send. A function body is called for every request (unique keys);
   * it may also return per-request headers (e.g. each simulated shopper's own token). Paced runs
   * pass the caller's index, so a caller is always the same shopper.
   */
  prepare(env: BenchEnv): Promise<{
    url?: string;
    body: string | ((caller?: number) => string | { body: string; headers: Record<string, string> });
    headers?: Record<string, string>;
  }>;
}

/** The value at percentile `p` (0–100) of sorted samples, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The same scenario with each caller acting `ratePerCaller` times per second on average, at random times. */
export function paced(scenario: HttpScenario, ratePerCaller: number): HttpScenario {
  return { ...scenario, name: `${scenario.name}, paced ${ratePerCaller}/s each`, ratePerCaller };
}

/** Gaps in ms between the acts of a caller acting `ratePerSecond` times a second on average at random times (Poisson arrivals). */
export function poissonGap(ratePerSecond: number, random: () => number = Math.random): () => number {
  return () => (-Math.log(1 - random()) / ratePerSecond) * 1000;
}

/** Summarises latency samples (ms) into a result row. */
export function summarise(name: string, concurrency: number, samples: number[], seconds: number, errors: number): BenchResult {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    concurrency,
    requests: samples.length,
    rps: round(samples.length / seconds),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    errors,
  };
}

/**
 * Drives one HTTP scenario for `durationSeconds`, timing every response and counting as errors
 * transport failures, non-2xx answers and responses whose body carries GraphQL errors.
 */
export async function runHttpScenario(env: BenchEnv, scenario: HttpScenario, durationSeconds: number): Promise<BenchResult> {
  if (scenario.ratePerCaller) return runPacedScenario(env, scenario, scenario.ratePerCaller, durationSeconds);
  const { url, body, headers } = await scenario.prepare(env);
  const samples: number[] = [];
  let errors = 0;
  const cpuBefore = env.pids ? cpuSnapshot(env.pids) : undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url ?? env.gatewayUrl,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(typeof body === 'string'
          ? { body }
          : {
              requests: [
                {
                  setupRequest: (request) => {
                    const next = body();
                    return typeof next === 'string'
                      ? { ...request, body: next }
                      : { ...request, body: next.body, headers: { ...request.headers, ...next.headers } };
                  },
                },
              ],
            }),
        connections: scenario.concurrency,
        duration: durationSeconds,
        setupClient: (client) => {
          client.on('body', (buffer: Buffer) => {
            if (buffer.includes('"errors"')) errors++;
          });
        },
      },
      (err, finished) => (err ? reject(err) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      samples.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) errors++;
    });
  });
  errors += result.errors + result.timeouts;
  const summary = summarise(scenario.name, scenario.concurrency, samples, durationSeconds, errors);
  if (cpuBefore && env.pids) summary.cpu_ms_per_request = cpuPerRequest(cpuBefore, cpuSnapshot(env.pids), samples.length);
  return summary;
}

/**
 * Open-loop run: every caller sends at its own random (Poisson) times, `ratePerCaller` a second on
 * average, one request at a time (a shopper waits for the answer). Latency counts from the moment
 * a request was due, not from when it could be sent, so an answer that delays the caller's next
 * request is charged to that request too (no coordinated omission). autocannon's own rate option
 * fires every connection's requests in the same instant each second, a burst no crowd of shoppers
 * makes, hence this driver (undici, keep-alive connections).
 */
async function runPacedScenario(
  env: BenchEnv,
  scenario: HttpScenario,
  ratePerCaller: number,
  durationSeconds: number,
): Promise<BenchResult> {
  const { url, body, headers } = await scenario.prepare(env);
  const dispatcher = new Agent({ connections: scenario.concurrency * 2 });
  const samples: number[] = [];
  let errors = 0;
  const gap = poissonGap(ratePerCaller);
  const cpuBefore = env.pids ? cpuSnapshot(env.pids) : undefined;
  const start = performance.now();
  const end = start + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: scenario.concurrency }, async (_, caller) => {
      for (let due = start + gap(); due < end; due += gap()) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const next = typeof body === 'string' ? body : body(caller);
        const sent = typeof next === 'string' ? { body: next, headers: {} } : next;
        try {
          const answer = await request(url ?? env.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers, ...sent.headers },
            body: sent.body,
            dispatcher,
          });
          const text = await answer.body.text();
          if (answer.statusCode < 200 || answer.statusCode >= 300 || text.includes('"errors"')) errors++;
        } catch {
          errors++;
        }
        samples.push(performance.now() - due);
      }
    }),
  );
  await dispatcher.close();
  const summary = summarise(scenario.name, scenario.concurrency, samples, durationSeconds, errors);
  if (cpuBefore && env.pids) summary.cpu_ms_per_request = cpuPerRequest(cpuBefore, cpuSnapshot(env.pids), samples.length);
  return summary;
}

/** The median of `values` (the lower middle one of an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * One row for several runs of a scenario: the median of each figure across the runs (each CPU
 * group's too), the requests and errors summed, and every run's p95 in `p95_runs_ms`. Shared
 * machines drift between runs; the median of several runs is the figure to compare.
 */
export function medianOfRuns(runs: readonly BenchResult[]): BenchResult {
  const first = runs[0];
  if (!first) throw new Error('medianOfRuns needs at least one run');
  const of = (figure: (r: BenchResult) => number) => median(runs.map(figure));
  const row: BenchResult = {
    name: first.name,
    concurrency: first.concurrency,
    requests: runs.reduce((n, r) => n + r.requests, 0),
    rps: of((r) => r.rps),
    p50_ms: of((r) => r.p50_ms),
    p95_ms: of((r) => r.p95_ms),
    p99_ms: of((r) => r.p99_ms),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    p95_runs_ms: runs.map((r) => r.p95_ms),
  };
  const groups = [...new Set(runs.flatMap((r) => Object.keys(r.cpu_ms_per_request ?? {})))];
  if (groups.length > 0) row.cpu_ms_per_request = Object.fromEntries(groups.map((g) => [g, of((r) => r.cpu_ms_per_request?.[g] ?? 0)]));
  return row;
}
