import { describe, expect, it } from '@jest/globals';
import { type BenchResult, median, medianOfRuns } from '../src/bench/harness.js';

const run = (p95: number, rps: number, inventoryCpu: number, extra: Partial<BenchResult> = {}): BenchResult => ({
  name: 'inventory: reserve 5 lines',
  concurrency: 32,
  requests: 100,
  rps,
  p50_ms: p95 / 2,
  p95_ms: p95,
  p99_ms: p95 * 2,
  errors: 0,
  cpu_ms_per_request: { inventory: inventoryCpu, total: inventoryCpu + 1 },
  ...extra,
});

describe('bench runs summarised (BENCH_REPEAT)', () => {
  it('takes the middle value, the lower middle of an even count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(20);
    expect(median([7])).toBe(7);
    expect(median([])).toBe(0);
  });

  it('reports the median of each figure across runs, sums requests and errors, and keeps every p95 in run order', () => {
    const row = medianOfRuns([run(69.4, 300, 0.9, { errors: 1 }), run(9.4, 320, 0.7), run(23.1, 310, 0.8, { requests: 50 })]);
    expect(row).toEqual({
      name: 'inventory: reserve 5 lines',
      concurrency: 32,
      requests: 250,
      rps: 310,
      p50_ms: 11.55,
      p95_ms: 23.1,
      p99_ms: 46.2,
      errors: 1,
      p95_runs_ms: [69.4, 9.4, 23.1],
      cpu_ms_per_request: { inventory: 0.8, total: 1.8 },
    });
  });

  it('leaves CPU out when no run measured it, and refuses no runs at all', () => {
    const { cpu_ms_per_request: _cpu, ...bare } = run(10, 100, 0);
    expect(medianOfRuns([bare, bare]).cpu_ms_per_request).toBeUndefined();
    expect(() => medianOfRuns([])).toThrow(/at least one run/);
  });
});
