import { Agent, request } from 'undici';
import { cpuPerRequest, cpuSnapshot } from './cpu.js';
import { type BenchEnv, type BenchResult, poissonGap, summarise } from './harness.js';
import { CHECKOUT_STEPS, CheckoutFailed, type SendStep, type StepName, checkout, checkoutCatalogue } from './checkout-shopper.js';

/** A whole-shopper-flow scenario: each shopper runs one checkout after another as a new guest. */
export interface FlowScenario {
  name: string;
  shoppers: number;
  /**
   * Mean steps per second of each shopper, paced at random (Poisson) times, latency counted from
   * when a step was due. Without it each shopper sends its next step the moment the last is
   * answered and starts a new checkout the moment one ends (closed loop: saturation).
   */
  stepsPerSecond?: number;
}

/** What one run measured, before it becomes rows. */
export interface FlowSamples {
  /** Milliseconds of each step that was answered, by step. */
  steps: Map<StepName, number[]>;
  /** Steps answered within the measured window, by step (their rate). */
  stepsInWindow: Map<StepName, number>;
  /** Failed requests by step (transport, GraphQL errors or a refusal). */
  stepErrors: Map<StepName, number>;
  /** Milliseconds of each completed checkout: first step to confirmation (paced: the time spent waiting on answers). */
  checkouts: number[];
  /** Checkouts completed within the measured window. */
  completedInWindow: number;
  failedCheckouts: number;
}

/** A reproducible source of numbers in [0, 1) from `seed` (mulberry32), so runs pick the same SKUs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two different indexes below `n` (n ≥ 2), each pair equally likely. */
export function twoDistinct(random: () => number, n: number): [number, number] {
  if (n < 2) throw new Error(`two different items need at least two to pick from, not ${n}`);
  const first = Math.floor(random() * n);
  const second = Math.floor(random() * (n - 1));
  return [first, second >= first ? second + 1 : second];
}

/**
 * The rows of one run: the whole checkout first (`requests` = completed checkouts, `rps` =
 * checkouts per second of the window, `errors` = failed checkouts), then one row per step (`rps`:
 * answered within the window per second; the latencies include the tail of checkouts under way).
 */
export function flowRows(scenario: FlowScenario, samples: FlowSamples, seconds: number): BenchResult[] {
  const whole = summarise(`${scenario.name}: whole checkout`, scenario.shoppers, samples.checkouts, seconds, samples.failedCheckouts);
  whole.rps = Math.round((samples.completedInWindow / seconds) * 100) / 100;
  return [
    whole,
    ...CHECKOUT_STEPS.map(({ name }) => {
      const row = summarise(
        `${scenario.name}: ${name}`,
        scenario.shoppers,
        samples.steps.get(name) ?? [],
        seconds,
        samples.stepErrors.get(name) ?? 0,
      );
      row.rps = Math.round(((samples.stepsInWindow.get(name) ?? 0) / seconds) * 100) / 100;
      return row;
    }),
  ];
}

let runCounter = 0;
let emailCounter = 0;

/**
 * Runs `scenario` for `durationSeconds` through the gateway. No shopper starts a checkout after the
 * window; the ones under way finish, so the CPU of every started checkout is counted and divided
 * by the checkouts completed (`cpu_ms_per_request` of the whole-checkout row is per checkout).
 */
export async function runCheckoutFlow(env: BenchEnv, scenario: FlowScenario, durationSeconds: number): Promise<BenchResult[]> {
  const skus = await checkoutCatalogue(env);
  const dispatcher = new Agent({ connections: scenario.shoppers * 2 });
  const samples: FlowSamples = {
    steps: new Map(),
    stepsInWindow: new Map(),
    stepErrors: new Map(),
    checkouts: [],
    completedInWindow: 0,
    failedCheckouts: 0,
  };
  const gap = scenario.stepsPerSecond ? poissonGap(scenario.stepsPerSecond) : undefined;
  const run = runCounter++;
  const cpuBefore = env.pids ? cpuSnapshot(env.pids) : undefined;
  const start = performance.now();
  const end = start + durationSeconds * 1000;
  let completed = 0;

  async function shopper(index: number): Promise<void> {
    const random = seededRandom(run * 1000 + index);
    let due = start + (gap?.() ?? 0);
    while ((gap ? due : performance.now()) < end) {
      let waited = 0;
      const send: SendStep = async <T>(step: StepName, query: string, variables: Record<string, unknown>, token?: string) => {
        if (gap) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const sent = gap ? due : performance.now();
        try {
          const answer = await request(env.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query, variables }),
            dispatcher,
          });
          const body = (await answer.body.json()) as { data?: T; errors?: unknown[] };
          if (answer.statusCode < 200 || answer.statusCode >= 300 || body.errors?.length || !body.data)
            throw new Error(`${step}: HTTP ${answer.statusCode} ${JSON.stringify(body.errors ?? null)}`);
          const answered = performance.now();
          const ms = answered - sent;
          waited += ms;
          if (answered <= end) samples.stepsInWindow.set(step, (samples.stepsInWindow.get(step) ?? 0) + 1);
          (samples.steps.get(step) ?? samples.steps.set(step, []).get(step)!).push(ms);
          return body.data;
        } catch (error) {
          samples.stepErrors.set(step, (samples.stepErrors.get(step) ?? 0) + 1);
          throw error;
        } finally {
          // The next step is due a random gap after this one was, however late this answer is.
          if (gap) due += gap();
        }
      };
      const began = performance.now();
      const [a, b] = twoDistinct(random, skus.length);
      try {
        await checkout(send, [skus[a]!, skus[b]!], `bench.flow.${process.pid}.${emailCounter++}@example.com`);
        samples.checkouts.push(gap ? waited : performance.now() - began);
        completed++;
        if (performance.now() <= end) samples.completedInWindow++;
      } catch (error) {
        samples.failedCheckouts++;
        // A refusal came in a good answer: it is an error of the step that was refused.
        if (error instanceof CheckoutFailed) samples.stepErrors.set(error.step, (samples.stepErrors.get(error.step) ?? 0) + 1);
        if (samples.failedCheckouts === 1) console.warn(`first failed checkout: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  await Promise.all(Array.from({ length: scenario.shoppers }, (_, i) => shopper(i)));
  await dispatcher.close();
  const rows = flowRows(scenario, samples, durationSeconds);
  if (cpuBefore && env.pids) rows[0]!.cpu_ms_per_request = cpuPerRequest(cpuBefore, cpuSnapshot(env.pids), completed);
  return rows;
}
