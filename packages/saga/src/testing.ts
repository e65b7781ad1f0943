import { setTimeout as sleep } from 'node:timers/promises';
import type { Step } from './step.js';
import type { Workflow } from './workflow.js';

/** The error a step wrapped by `failAfter` throws. */
export class InjectedFailure extends Error {
  override name = 'InjectedFailure';
}

/**
 * `workflow` (same name) whose step after `stepId` throws a final error without calling anything, for
 * compensation tests: everything up to `stepId` ran, then the run must compensate (or, after the
 * pivot, need attention).
 */
export function failAfter<Ports>(workflow: Workflow<Ports>, stepId: string): Workflow<Ports> {
  const index = workflow.steps.findIndex((step) => step.id === stepId);
  const target = workflow.steps[index + 1];
  if (index < 0 || !target) throw new Error(`failAfter: no step follows "${stepId}" in ${workflow.name}`);
  // Inherits from the step (class-based steps keep their compensate), overriding only how it runs.
  const failing = Object.assign(Object.create(target) as Step<Ports>, {
    invoke: async () => {
      throw new InjectedFailure(`failAfter("${stepId}"): step "${target.id}" fails`);
    },
    classify: () => 'final' as const,
  });
  return { name: workflow.name, steps: workflow.steps.map((step, i) => (i === index + 1 ? failing : step)) };
}

/** Resolves once `predicate` holds, polling every 25 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
