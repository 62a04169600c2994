import type { ActionPlan, ActionStep } from '../../../shared/model/action';
import type { Result } from '../../../shared/result';
import { toLogFormat } from '../errors';
import type { ActionJournal } from './action-journal';

export type StepExecutor = (step: ActionStep, signal: AbortSignal) => Promise<Result<string>>;

export interface RunOptions {
  now(): number;
  /** Called after every state change, with a copy of the plan. */
  onProgress(plan: ActionPlan): void;
  /** Aborting stops the action before the next step that may be aborted before. */
  signal: AbortSignal;
}

/**
 * Runs a plan one step at a time: journal, run, journal. Stops at the first
 * failed step; an abort takes effect only before a step marked abortableBefore.
 */
export async function runPlan(
  plan: ActionPlan,
  execute: StepExecutor,
  journal: ActionJournal,
  opts: RunOptions,
): Promise<{ outcome: 'done' | 'failed' | 'aborted'; plan: ActionPlan }> {
  const live: ActionPlan = structuredClone(plan);
  await journal.write(live.id, { type: 'plan', at: opts.now(), plan: live });
  let outcome: 'done' | 'failed' | 'aborted' = 'done';
  for (const step of live.steps) {
    if (outcome !== 'done') {
      step.state = outcome === 'aborted' ? 'aborted' : 'skipped';
      continue;
    }
    if (opts.signal.aborted && step.abortableBefore) {
      outcome = 'aborted';
      step.state = 'aborted';
      continue;
    }
    step.state = 'running';
    step.startedAt = opts.now();
    await journal.write(live.id, { type: 'step-start', at: step.startedAt, stepId: step.id });
    opts.onProgress(structuredClone(live));
    const result = await execute(step, opts.signal).catch((e: unknown) => ({ ok: false as const, code: 'exception', reason: toLogFormat(e) }));
    step.endedAt = opts.now();
    step.state = result.ok ? 'done' : 'failed';
    step.detail = result.ok ? result.value : result.reason;
    await journal.write(live.id, { type: 'step-end', at: step.endedAt, stepId: step.id, state: step.state, detail: step.detail });
    if (!result.ok) outcome = 'failed';
    opts.onProgress(structuredClone(live));
  }
  await journal.write(live.id, { type: 'end', at: opts.now(), outcome });
  opts.onProgress(structuredClone(live));
  return { outcome, plan: live };
}
