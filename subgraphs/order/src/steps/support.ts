import type { StepContext, StepOutcome } from '@shopgraph/saga';
import type { OrderSnapshot } from '../domain/order-snapshot.js';
import type { ConfirmInput, ConfirmPorts, Refusal } from './ports.js';

/** The context every confirmation step receives. */
export type ConfirmContext = StepContext<ConfirmPorts>;

/** The run's input. */
export const inputOf = (ctx: ConfirmContext): ConfirmInput => ctx.input as ConfirmInput;

/** The checkout as `recompute-totals` froze it. */
export function snapshotOf(ctx: ConfirmContext): OrderSnapshot {
  const snapshot = ctx.results['recompute-totals'] as OrderSnapshot | undefined;
  if (!snapshot) throw new Error(`run ${ctx.runId}: no priced checkout before ${ctx.key}`);
  return snapshot;
}

/** A step's business refusal (the run compensates what came before and ends with this error). */
export const refuse = (r: Refusal): StepOutcome => ({
  kind: 'refuse',
  code: r.code,
  message: r.message,
  details: { field: r.field ?? null, declineCode: r.declineCode ?? null },
});

/** A step that succeeded with `output` and, for compensable steps, what its undo needs. */
export const done = <Out, Undo = undefined>(output: Out, compensation?: Undo): StepOutcome<Out, Undo> =>
  compensation === undefined ? { kind: 'done', output } : { kind: 'done', output, compensation };

/** An error the step's retries should not repeat (a bug or a broken invariant). */
export class FinalStepError extends Error {
  override readonly name = 'FinalStepError';
}

/** Classifies thrown errors: `FinalStepError` is final, anything else (network, timeouts) retryable. */
export const classifyError = (err: unknown): 'retryable' | 'final' => (err instanceof FinalStepError ? 'final' : 'retryable');

/**
 * Retries of a remote step before the pivot (and of its undo): a few quick ones inline, then the
 * background; about 8 s in all, so a shopper facing an outage gets an answer rather than a wait.
 */
export const REMOTE_RETRY = { max: 4, backoffMs: [100, 500, 2000, 5000] };
/** Retries of a forward step after the payment was captured: many, since it may never be undone. */
export const FORWARD_RETRY = { max: 12, backoffMs: [200, 1000, 5000, 15000, 30000, 60000] };
/** Retries of a local step (one transaction in our own database). */
export const LOCAL_RETRY = { max: 3, backoffMs: [50, 200, 1000] };
