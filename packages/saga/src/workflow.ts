import type { Step, StepKind } from './step.js';

/** A named list of steps, run in order. */
export interface Workflow<Ports> {
  name: string;
  steps: Step<Ports>[];
}

/** Statuses of a run; COMPLETED and COMPENSATED are terminal. */
export type RunStatus = 'RUNNING' | 'AWAITING_ACTION' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'NEEDS_ATTENTION';

/** Why a run was refused, gave up or needs attention. */
export interface RunError {
  code: string;
  message: string;
  details?: unknown;
}

/** A run as stored. */
export interface RunSnapshot {
  id: string;
  workflow: string;
  businessKey: string;
  idempotencyKey: string;
  status: RunStatus;
  /** Position of `stepId` in the workflow (-1 once compensated, the step count once completed). */
  stepIndex: number;
  /** The step the run is at (null once terminal). */
  stepId: string | null;
  /** `do` while going forward, `undo` while compensating (also in NEEDS_ATTENTION: where `retry` goes on). */
  phase: 'do' | 'undo';
  input: unknown;
  results: Record<string, unknown>;
  /** Why the run stopped going forward: a refusal, a step that gave up, a deadline (kept while compensating). */
  error: RunError | null;
  /** The latest failure: a step being retried, or what made the run need attention. */
  lastError: RunError | null;
  park: { reason: string; deadline: Date; details?: unknown } | null;
  attempts: number;
  nextAttemptAt: Date | null;
  /** The note of whoever resolved the run by hand. */
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Codes of the engine's own errors. */
export type SagaErrorCode = 'IDEMPOTENCY_KEY_REUSED' | 'RUN_NOT_FOUND' | 'RUN_NOT_STUCK' | 'UNKNOWN_WORKFLOW' | 'INVALID_WORKFLOW';

/** An error of the saga engine, with a stable code. */
export class SagaError extends Error {
  constructor(
    readonly code: SagaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SagaError';
  }
}

const RANK: Record<StepKind, number> = { compensable: 0, pivot: 1, retriable: 2 };

/** Builds a workflow, checking unique step ids and kinds in order: compensable*, at most one pivot, retriable*. */
export function defineWorkflow<Ports>(name: string, steps: Step<Ports>[]): Workflow<Ports> {
  const invalid = (why: string) => new SagaError('INVALID_WORKFLOW', `Workflow "${name}": ${why}`);
  if (steps.length === 0) throw invalid('no steps');
  if (new Set(steps.map((step) => step.id)).size !== steps.length) throw invalid('duplicate step ids');
  if (steps.filter((step) => step.kind === 'pivot').length > 1) throw invalid('more than one pivot');
  steps.forEach((step, i) => {
    if (i > 0 && RANK[step.kind] < RANK[steps[i - 1]!.kind]) throw invalid(`"${step.id}" (${step.kind}) follows a later kind`);
  });
  return { name, steps };
}
