import type { ActionPlan, ActionStep, StepReport } from '../../../shared/model/action';
import type { Result } from '../../../shared/result';
import { toLogFormat } from '../errors';
import type { ActionJournal } from './action-journal';

export type StepExecutor = (step: ActionStep, signal: AbortSignal) => Promise<Result<StepReport>>;

/** `done-manual`: every step the app runs is done (or skipped with its reason); the manual ones are the admin's. */
export type RunOutcome = 'done' | 'done-manual' | 'failed' | 'aborted';

export interface RunOptions {
  now(): number;
  /** Called after every state change, with a copy of the plan. */
  onProgress(plan: ActionPlan): void;
  /** Aborting stops the action before the next step that may be aborted before. */
  signal: AbortSignal;
}

/** A step's report as the runner records it: its state and detail, and any work it left standing. */
export function settle(result: Result<StepReport>): { state: 'done' | 'skipped' | 'failed'; detail: string; owes: Extract<StepReport, object>['owes'] | null } {
  if (!result.ok) return { state: 'failed', detail: result.reason, owes: null };
  const v = result.value;
  if (typeof v === 'string') return { state: 'done', detail: v, owes: null };
  return { state: 'skipped', detail: v.detail, owes: v.owes ?? null };
}

/**
 * Runs a plan one step at a time: journal, run, journal. Stops at the first
 * failed step; an abort takes effect only before a step marked abortableBefore.
 * A step that could not act is `skipped` with its reason and the run goes on;
 * a `manual` step is never run: it is left to the admin (state `manual`).
 */
export async function runPlan(
  plan: ActionPlan,
  execute: StepExecutor,
  journal: ActionJournal,
  opts: RunOptions,
): Promise<{ outcome: RunOutcome; plan: ActionPlan; owed: { step: ActionStep; owes: NonNullable<ReturnType<typeof settle>['owes']> }[] }> {
  const live: ActionPlan = structuredClone(plan);
  await journal.write(live.id, { type: 'plan', at: opts.now(), plan: live });
  let outcome: 'done' | 'failed' | 'aborted' = 'done';
  const owed: { step: ActionStep; owes: NonNullable<ReturnType<typeof settle>['owes']> }[] = [];
  for (const step of live.steps) {
    if (outcome !== 'done') {
      step.state = outcome === 'aborted' ? 'aborted' : 'skipped';
      step.detail = outcome === 'aborted' ? 'not run: the action was aborted' : 'not run: an earlier step failed';
      continue;
    }
    if (step.manual) {
      step.state = 'manual';
      await journal.write(live.id, { type: 'step-end', at: opts.now(), stepId: step.id, state: step.state, detail: step.detail });
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
    const s = settle(result);
    step.endedAt = opts.now();
    step.state = s.state;
    step.detail = s.detail;
    if (s.owes) owed.push({ step, owes: s.owes });
    await journal.write(live.id, { type: 'step-end', at: step.endedAt, stepId: step.id, state: step.state, detail: step.detail });
    if (s.state === 'failed') outcome = 'failed';
    opts.onProgress(structuredClone(live));
  }
  const final: RunOutcome = outcome === 'done' && live.steps.some((s) => s.state === 'manual') ? 'done-manual' : outcome;
  await journal.write(live.id, { type: 'end', at: opts.now(), outcome: final });
  opts.onProgress(structuredClone(live));
  return { outcome: final, plan: live, owed };
}
