import type { ActionPlan, ActionStep, PreflightCheck } from '../../../shared/model/action';

/** The typed confirmation matches only the cluster's exact name (no trimming, no case folding). */
export function confirmMatches(typed: string, clusterName: string | undefined): boolean {
  return clusterName !== undefined && clusterName.length > 0 && typed === clusterName;
}

/** Failed blocker checks: any one of them means the plan cannot run. */
export function planBlockers(plan: { readonly checks: readonly PreflightCheck[] }): PreflightCheck[] {
  return plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
}

/** Why Execute is disabled, or `null` when it may be pressed. */
export function executeBlockedBy(plan: { readonly checks: readonly PreflightCheck[] }, typed: string, clusterName: string | undefined): string | null {
  const blockers = planBlockers(plan);
  // The reasons are in the check rows above (shown once): the footer only counts them.
  if (blockers.length > 0) return `blocked by ${blockers.length} failing check${blockers.length > 1 ? 's' : ''} above`;
  if (!confirmMatches(typed, clusterName)) return `type the cluster's name (${clusterName ?? '?'}) exactly to enable`;
  return null;
}

/** Checks ordered for reading: failed blockers, failed warnings, other failures, then passed ones. */
export function orderedChecks(checks: readonly PreflightCheck[]): PreflightCheck[] {
  const rank = (c: PreflightCheck) => (c.ok ? 3 : c.severity === 'blocker' ? 0 : c.severity === 'warning' ? 1 : 2);
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

/** How long a step ran (or has been running, given `now`); `null` if it never started. */
export function stepDurationMs(step: Pick<ActionStep, 'startedAt' | 'endedAt'>, now: number): number | null {
  if (step.startedAt === null) return null;
  return Math.max(0, (step.endedAt ?? now) - step.startedAt);
}

/** Whether an abort requested now takes effect before the next pending step. */
export function nextStepAbortable(plan: Pick<ActionPlan, 'steps'>): boolean | null {
  const next = plan.steps.find((s) => s.state === 'pending');
  return next ? next.abortableBefore : null;
}

/** MiB / seconds as typed in the limit inputs → the request's bytes / ms (NaN stays NaN for the schema to refuse). */
export function limitsFromInputs(mib: string, seconds: string): { maxLagBytes: number; maxLagMs: number } {
  const num = (t: string) => (t.trim() === '' ? Number.NaN : Number(t));
  return { maxLagBytes: Math.round(num(mib) * 1024 * 1024), maxLagMs: Math.round(num(seconds) * 1000) };
}
