import type { EntityManager } from '@mikro-orm/postgresql';
import type { OperationKind } from '@shopgraph/observability';

/**
 * What a failure does: `compensable` steps (before the pivot) are undone in reverse, the `pivot` is the
 * point of no return, `retriable` steps (after it) are never compensated, only retried forward.
 */
export type StepKind = 'compensable' | 'pivot' | 'retriable';

/** What a step's `invoke` and `compensate` receive. */
export interface StepContext<Ports> {
  runId: string;
  /** `${runId}:${stepId}` (invoke) or `${runId}:${stepId}:undo` (compensate): the same on every retry and instance. */
  key: string;
  /** 1-based attempt of this phase of this step (a crash counts as an attempt). */
  attempt: number;
  /** Aborted once the lease this attempt runs under has run out (another instance may take over). */
  signal: AbortSignal;
  ports: Ports;
  /** The run's input (JSON). */
  input: unknown;
  /** Outputs of the steps that already succeeded, by step id. */
  results: Readonly<Record<string, unknown>>;
  /** Only for `local` steps: the transaction that also commits the step's record and the run's progress. */
  em?: EntityManager;
}

/** How an invocation ended (a thrown error is a failure, retried or not per `classify`). */
export type StepOutcome<Out = unknown, Undo = unknown> =
  /** Succeeded; `compensation` is handed back to `compensate` if the run is rolled back. */
  | { kind: 'done'; output: Out; compensation?: Undo }
  /** Business refusal: earlier steps are compensated, the run ends COMPENSATED with this error. */
  | { kind: 'refuse'; code: string; message: string; details?: unknown }
  /** Waits (AWAITING_ACTION) until `wake()`, then runs again with the same key; compensates after the deadline. */
  | { kind: 'park'; reason: string; deadline: Date; details?: unknown };

/** One saga step: a stable id, its action and its undo. Every effect must be idempotent by `ctx.key`. */
export interface Step<Ports = unknown, Out = unknown, Undo = unknown> {
  /** Stored in runs: keep it stable across deploys. */
  id: string;
  kind: StepKind;
  /** The flow documents' kind of operation the step performs (its spans' `shop.operation`), if it is one. */
  operation?: OperationKind;
  /** Runs `invoke` in one transaction (`ctx.em`) with the step's record and the run's progress. */
  local?: boolean;
  /** `max` retries after the first attempt; the n-th retry waits `backoffMs[n-1]` (the last entry repeats). */
  retry: { max: number; backoffMs: number[] };
  invoke(ctx: StepContext<Ports>): Promise<StepOutcome<Out, Undo>>;
  /** Undoes `invoke`; gets `undefined` when the invocation's outcome is unknown ("nothing happened" must be fine). */
  compensate?(undo: Undo | undefined, ctx: StepContext<Ports>): Promise<void>;
  /** Whether a thrown error is worth retrying (default: retryable). */
  classify?(err: unknown): 'retryable' | 'final';
}
