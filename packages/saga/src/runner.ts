import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { JobQueue } from '@shopgraph/events';
import {
  ATTR_SHOP_OPERATION,
  type Attributes,
  type Logger,
  type Span,
  SpanStatusCode,
  failSpan,
  runInSpan,
} from '@shopgraph/observability';
import type { SagaMetrics } from './metrics.js';
import type { Step, StepContext, StepOutcome } from './step.js';
import { toSnapshot, type RunRow, type SagaStore, type StepRecord } from './tables.js';
import type { RunError, RunSnapshot, Workflow } from './workflow.js';

/** What a SagaRunner walks runs with (given by the SagaEngine). */
export interface RunnerOptions<Ports> {
  orm: MikroORM;
  store: SagaStore;
  workflows: Workflow<Ports>[];
  ports: Ports;
  bus?: JobQueue;
  logger: Logger;
  metrics: SagaMetrics;
  leaseMs: number;
  instanceId: string;
  deadLetterQueue: string;
  /** Has the background advance the run after `delayMs` (a no-op without a background driver). */
  kick(runId: string, delayMs: number): Promise<void>;
}

type Phase = 'do' | 'undo';

/** Another instance took the run over: stop walking it. */
class LeaseLost extends Error {}
/** Rolls a local step's transaction back while carrying its outcome out. */
class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

const ENDINGS = new Set(['COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION']);
const keyOf = (runId: string, stepId: string, phase: Phase) => `${runId}:${stepId}${phase === 'undo' ? ':undo' : ''}`;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Attributes of a step attempt's span: the run, the step and, if the step declares one, the flow documents' operation kind. */
function spanAttributes<Ports>(run: RunRow, step: Step<Ports>, phase: Phase, attempt: number): Attributes {
  return {
    'saga.id': run.id,
    'saga.workflow': run.workflow,
    'saga.business_key': run.business_key,
    'saga.step': step.id,
    'saga.phase': phase,
    'saga.attempt': attempt,
    ...(step.operation ? { [ATTR_SHOP_OPERATION]: step.operation } : {}),
  };
}

/** Test-only (NODE_ENV=test): SIGKILLs the process where SAGA_CRASH_AT=`<stepId>:<point>` says (kill-matrix tests). */
function crashAt(stepId: string, point: 'before' | 'after-effect' | 'after-record'): void {
  if (process.env.NODE_ENV === 'test' && process.env.SAGA_CRASH_AT === `${stepId}:${point}`) process.kill(process.pid, 'SIGKILL');
}

/**
 * Walks claimed runs: forward through the steps (remote ones bracketed by `started`/`succeeded`
 * commits, local ones in one transaction with their record), back through the compensations owed,
 * retrying with backoff and stopping at NEEDS_ATTENTION. Every commit checks and renews the lease.
 */
export class SagaRunner<Ports> {
  constructor(private readonly options: RunnerOptions<Ports>) {}

  /** Walks a claimed run one step attempt at a time while it moves and this engine holds it. */
  async walk(claimed: RunRow, until: number): Promise<RunSnapshot> {
    let run = claimed;
    try {
      while ((run.status === 'RUNNING' || run.status === 'COMPENSATING') && run.lease_owner === this.options.instanceId) {
        if (Date.now() >= until) {
          run = await this.commit(run, {}, undefined, true);
          await this.options.kick(run.id, 0);
          break;
        }
        const workflow = this.options.workflows.find((candidate) => candidate.name === run.workflow)!;
        const index = workflow.steps.findIndex((step) => step.id === run.step_id);
        if (index < 0) {
          const message = `Run ${run.id} is at step "${run.step_id}", which workflow ${run.workflow} no longer has`;
          run = await this.attention(run, String(run.step_id), { code: 'UNKNOWN_STEP', message });
        } else if (run.status === 'RUNNING') run = await this.forward(run, workflow, index, until);
        else run = await this.backward(run, workflow, index, until);
      }
      return toSnapshot(run);
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      this.options.logger.warn({ runId: run.id, instanceId: this.options.instanceId }, 'saga lease lost: another instance drives the run');
      return toSnapshot((await this.options.store.get(run.id))!);
    }
  }

  /** One attempt of a step's invoke, in a span `saga.step <id>` that says how it ended. */
  private forward(run: RunRow, workflow: Workflow<Ports>, index: number, until: number): Promise<RunRow> {
    const step = workflow.steps[index]!;
    const attempt = run.attempts + 1;
    return runInSpan(`saga.step ${step.id}`, { attributes: spanAttributes(run, step, 'do', attempt) }, (span) =>
      this.invoke(span, run, workflow, index, attempt, until),
    );
  }

  /** The attempt itself: how it ended goes on `span` (an error, a refusal's code, a park's reason). */
  private async invoke(span: Span, run: RunRow, workflow: Workflow<Ports>, index: number, attempt: number, until: number): Promise<RunRow> {
    const step = workflow.steps[index]!;
    const record = (status: StepRecord['status'], extra: Partial<StepRecord> = {}): StepRecord => ({
      step: step.id,
      phase: 'do',
      status,
      attempt,
      key: keyOf(run.id, step.id, 'do'),
      ...extra,
    });
    if (!step.local) run = await this.commit(run, { attempts: attempt }, record('started'));
    crashAt(step.id, 'before');
    const next = workflow.steps[index + 1];
    let settled: { outcome: StepOutcome; run?: RunRow };
    try {
      settled = await this.atomically(step.local, async (em) => {
        const outcome = await step.invoke({ ...this.context(run, 'do', step, attempt), ...(em && { em }) });
        crashAt(step.id, 'after-effect');
        if (outcome.kind !== 'done') return { outcome };
        const state = JSON.stringify({ ...run.state, [step.id]: outcome.output ?? null });
        const progress = {
          state,
          status: next ? 'RUNNING' : 'COMPLETED',
          step_id: next?.id ?? null,
          step_index: index + 1,
          attempts: 0,
          deadline: null,
          park: null,
          error: null,
          last_error: null,
        };
        const result = { output: outcome.output, compensation: outcome.compensation };
        return { outcome, run: await this.commit(run, progress, record('succeeded', { result }), !next, em) };
      });
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      failSpan(span, error);
      return this.failed(run, step, 'do', attempt, error, until);
    }
    const { outcome } = settled;
    span.setAttribute('saga.outcome', outcome.kind);
    if (outcome.kind === 'done') {
      crashAt(step.id, 'after-record');
      return settled.run!;
    }
    if (outcome.kind === 'refuse') {
      span.setAttribute('shop.error.code', outcome.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome.code}: ${outcome.message}` });
      return this.giveUp(run, record('failed'), step, { code: outcome.code, message: outcome.message, details: outcome.details }, true);
    }
    span.setAttribute('saga.park_reason', outcome.reason);
    // Parked: the first deadline holds, however often the step parks again.
    const deadline = run.deadline ? new Date(run.deadline) : outcome.deadline;
    if (deadline.getTime() <= Date.now()) {
      const message = `Step "${step.id}" waited past ${deadline.toISOString()}: ${outcome.reason}`;
      return this.giveUp(run, record('failed'), step, { code: 'DEADLINE_EXCEEDED', message, details: outcome.details }, false);
    }
    const park = JSON.stringify({ reason: outcome.reason, deadline, details: outcome.details });
    return this.commit(run, { status: 'AWAITING_ACTION', attempts: 0, deadline, park }, undefined, true);
  }

  /** One attempt of the next compensation owed at or before `index`, or the end of compensating. */
  private async backward(run: RunRow, workflow: Workflow<Ports>, index: number, until: number): Promise<RunRow> {
    const records = await this.options.store.steps(run.id);
    const record = (stepId: string, phase: Phase) => records.find((row) => row.step_id === stepId && row.phase === phase);
    // Owed: an invoke that succeeded or whose outcome is unknown; not a refusal, not a rolled-back local step.
    const owed = (step: Step<Ports>) => {
      const done = record(step.id, 'do');
      if (!done || !step.compensate || step.kind === 'retriable' || done.error?.refused) return false;
      return !(step.local && done.status !== 'succeeded') && record(step.id, 'undo')?.status !== 'succeeded';
    };
    const owedFrom = (from: number) => workflow.steps.slice(0, from + 1).findLastIndex(owed);
    const moveTo = (at: number) => ({
      ...(at < 0 ? { status: 'COMPENSATED', step_id: null } : { step_id: workflow.steps[at]!.id }),
      step_index: at,
      attempts: 0,
      last_error: null,
    });
    const at = owedFrom(index);
    if (at < 0) return this.commit(run, moveTo(at), undefined, true);
    const step = workflow.steps[at]!;
    const attempt = (at === index ? run.attempts : 0) + 1;
    const undoRecord = (status: StepRecord['status']): StepRecord => ({
      step: step.id,
      phase: 'undo',
      status,
      attempt,
      key: keyOf(run.id, step.id, 'undo'),
    });
    return runInSpan(`saga.compensate ${step.id}`, { attributes: spanAttributes(run, step, 'undo', attempt) }, async (span) => {
      run = await this.commit(run, { step_id: step.id, step_index: at, attempts: attempt }, undoRecord('started'));
      const done = record(step.id, 'do')!;
      try {
        const settled = await this.atomically(step.local, async (em) => {
          await step.compensate!(done.status === 'succeeded' ? done.result?.compensation : undefined, {
            ...this.context(run, 'undo', step, attempt),
            ...(em && { em }),
          });
          const next = owedFrom(at - 1);
          return { run: await this.commit(run, moveTo(next), undoRecord('succeeded'), next < 0, em) };
        });
        return settled.run;
      } catch (error) {
        if (error instanceof LeaseLost) throw error;
        failSpan(span, error);
        return this.failed(run, step, 'undo', attempt, error, until);
      }
    });
  }

  /** A thrown error: retried after the step's backoff (here if the budget allows, else in the background), or given up. */
  private async failed(run: RunRow, step: Step<Ports>, phase: Phase, attempt: number, error: unknown, until: number): Promise<RunRow> {
    const cause: RunError = { code: 'STEP_FAILED', message: messageOf(error), details: { step: step.id, phase } };
    const record: StepRecord = { step: step.id, phase, status: 'failed', attempt, key: keyOf(run.id, step.id, phase), error: cause };
    if ((step.classify?.(error) ?? 'retryable') === 'retryable' && attempt <= step.retry.max) {
      const backoff = step.retry.backoffMs;
      const delay = backoff[Math.min(attempt, backoff.length) - 1] ?? 0;
      const here = Date.now() + delay < until && delay < this.options.leaseMs / 2;
      const next = await this.commit(
        run,
        { attempts: attempt, last_error: JSON.stringify(cause), next_attempt_at: here ? null : new Date(Date.now() + delay) },
        record,
        !here,
      );
      if (here) await sleep(delay);
      else await this.options.kick(run.id, delay);
      return next;
    }
    if (phase === 'undo') return this.attention(run, step.id, cause, record);
    return this.giveUp(run, record, step, cause, false);
  }

  /** The invoke failed for good: compensate, unless the pivot is behind us (then a human looks). */
  private giveUp(run: RunRow, record: StepRecord, step: Step<Ports>, error: RunError, refused: boolean): Promise<RunRow> {
    const failed = { ...record, error: { ...error, refused } };
    if (step.kind === 'retriable') return this.attention(run, step.id, error, failed);
    return this.commit(
      run,
      { status: 'COMPENSATING', phase: 'undo', attempts: 0, park: null, error: JSON.stringify(error), last_error: JSON.stringify(error) },
      failed,
    );
  }

  /** NEEDS_ATTENTION: one error log line, one dead letter, and the counter for a failed compensation. */
  private async attention(run: RunRow, stepId: string, error: RunError, record?: StepRecord): Promise<RunRow> {
    // While compensating, `error` keeps why the run went back (the outcome a retry still ends with).
    const cause = JSON.stringify(error);
    const next = await this.commit(
      run,
      { status: 'NEEDS_ATTENTION', last_error: cause, ...(run.phase === 'do' && { error: cause }) },
      record,
      true,
    );
    const fields = { runId: run.id, workflow: run.workflow, step: stepId, phase: run.phase, businessKey: run.business_key };
    if (run.phase === 'undo') this.options.metrics.compensationFailed.inc({ workflow: run.workflow, step: stepId });
    this.options.logger.error(
      { ...fields, cause: error },
      `saga run ${run.id} (${run.business_key}) needs attention at step ${stepId}: ${error.message}`,
    );
    await this.options.bus?.scheduleAt(this.options.deadLetterQueue, { ...fields, error }, new Date()).catch((failure: unknown) => {
      this.options.logger.error({ ...fields, err: failure }, 'saga dead letter could not be sent');
    });
    return next;
  }

  /** Runs `fn` in a transaction for local steps, rolled back unless it recorded the run's progress; as is otherwise. */
  private async atomically<T extends { run?: RunRow }>(local: boolean | undefined, fn: (em?: EntityManager) => Promise<T>): Promise<T> {
    if (!local) return fn();
    try {
      return await this.options.orm.em.fork().transactional(async (em) => {
        const result = await fn(em);
        if (!result.run) throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.value as T;
      throw error;
    }
  }

  /** Records progress of a run this engine holds (see SagaStore.progress); LeaseLost if it no longer does. */
  private async commit(
    run: RunRow,
    patch: Record<string, unknown>,
    record?: StepRecord,
    release = false,
    em?: EntityManager,
  ): Promise<RunRow> {
    const row = await this.options.store.progress(run.id, this.options.instanceId, patch, { record, release, em });
    if (!row) throw new LeaseLost(`Run ${run.id} is no longer held by ${this.options.instanceId}`);
    if (typeof patch.status === 'string' && ENDINGS.has(patch.status))
      this.options.metrics.runs.inc({ workflow: run.workflow, outcome: patch.status.toLowerCase() });
    return row;
  }

  private context(run: RunRow, phase: Phase, step: Step<Ports>, attempt: number): StepContext<Ports> {
    // A step should not outlive the lease it runs under: past it, another instance may run it too.
    const signal = AbortSignal.timeout(this.options.leaseMs);
    return {
      runId: run.id,
      key: keyOf(run.id, step.id, phase),
      attempt,
      signal,
      ports: this.options.ports,
      input: run.input,
      results: run.state,
    };
  }
}
