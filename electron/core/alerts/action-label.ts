import { nodeLabel } from '../../../shared/model/action';
import type { ActionRun } from '../../../shared/ipc/actions';

/** An alert raised this soon after an action ended is still told about it. */
export const ACTION_ECHO_MS = 60_000;

/**
 * The action an alert on this cluster is probably about: the one running, or
 * one that ended in the last minute; with the reason the admin gave on
 * confirm ("switchover to n2 (reason: CHG-1234)").
 */
export function actionLabel(runs: readonly ActionRun[], now: number): string | null {
  const ended = (r: ActionRun) => Math.max(0, ...r.plan.steps.map((s) => s.endedAt ?? 0));
  const run = runs.find((r) => r.status === 'running') ?? runs.find((r) => r.status !== 'planned' && r.status !== 'interrupted' && now - ended(r) <= ACTION_ECHO_MS);
  if (!run) return null;
  const reason = run.plan.reason ? ` (reason: ${run.plan.reason})` : '';
  return `${run.plan.kind} of ${nodeLabel(run.plan, run.plan.target)}${run.status === 'running' ? ', running' : `, ${run.status}`}${reason}`;
}
