import { describe, expect, it } from '@jest/globals';
import { type FlowSamples, flowRows, seededRandom, twoDistinct } from '../src/bench/checkout-flow.js';
import { CHECKOUT_STEPS } from '../src/bench/checkout-shopper.js';
import { poissonGap } from '../src/bench/harness.js';

describe('checkout flow bench helpers', () => {
  it('repeats the same numbers for the same seed, in [0, 1), and others for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('picks two different indexes in range, and over many picks every index on both sides', () => {
    const random = seededRandom(1);
    const firsts = new Set<number>();
    const seconds = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const [a, b] = twoDistinct(random, 5);
      expect(a).not.toBe(b);
      for (const x of [a, b]) expect(x >= 0 && x < 5 && Number.isInteger(x)).toBe(true);
      firsts.add(a);
      seconds.add(b);
    }
    expect([...firsts].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...seconds].sort()).toEqual([0, 1, 2, 3, 4]);
    // The largest draw of the first and the smallest of the second still give a pair.
    expect(twoDistinct(() => 0.999, 2)).toEqual([1, 0]);
    expect(() => twoDistinct(random, 1)).toThrow('at least two');
  });

  it('draws Poisson gaps whose mean is one over the rate', () => {
    const gap = poissonGap(2, seededRandom(3));
    const gaps = Array.from({ length: 20_000 }, gap);
    const mean = gaps.reduce((s, x) => s + x, 0) / gaps.length;
    expect(gaps.every((g) => g >= 0)).toBe(true);
    expect(mean).toBeGreaterThan(480);
    expect(mean).toBeLessThan(520);
  });

  it('makes a whole-checkout row and one row per step, each rate counting only what the window answered', () => {
    const samples: FlowSamples = {
      steps: new Map([
        ['confirm', [30, 10, 20, 40]],
        ['add A', [5, 5]],
      ]),
      stepsInWindow: new Map([['confirm', 3]]),
      stepErrors: new Map([['confirm', 1]]),
      checkouts: [100, 300, 200],
      completedInWindow: 2,
      failedCheckouts: 1,
    };
    const rows = flowRows({ name: 'checkout flow (2 shoppers)', shoppers: 2 }, samples, 4);
    expect(rows.map((r) => r.name)).toEqual([
      'checkout flow (2 shoppers): whole checkout',
      ...CHECKOUT_STEPS.map((s) => `checkout flow (2 shoppers): ${s.name}`),
    ]);
    expect(rows[0]).toMatchObject({ requests: 3, rps: 0.5, p50_ms: 200, p99_ms: 300, errors: 1, concurrency: 2 });
    const confirm = rows.find((r) => r.name.endsWith(': confirm'))!;
    expect(confirm).toMatchObject({ requests: 4, rps: 0.75, p50_ms: 20, p95_ms: 40, errors: 1 });
    const session = rows.find((r) => r.name.endsWith(': guest session'))!;
    expect(session).toMatchObject({ requests: 0, rps: 0, errors: 0 });
  });
});
