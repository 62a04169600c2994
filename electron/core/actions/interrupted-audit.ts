import type { ActionJournal } from './action-journal';
import type { AuditLog } from './audit-log';

export const INTERRUPTED_OUTCOME = 'interrupted';

/**
 * At start-up: every action the journal shows unfinished (the app stopped
 * while it ran) gets one "interrupted" outcome entry in the audit log, with
 * the step it stopped in. An action already given one is not audited twice.
 * Returns the plan ids audited now.
 */
export async function auditInterruptedRuns(d: { journal: ActionJournal; audit: AuditLog; actor: string; now(): number }): Promise<string[]> {
  const interrupted = await d.journal.interrupted();
  if (interrupted.length === 0) return [];
  const entries = await d.audit.list();
  const already = new Set(entries.filter((e) => e.outcome.startsWith(INTERRUPTED_OUTCOME)).map((e) => e.params.planId));
  const audited: string[] = [];
  for (const i of interrupted) {
    const plan = i.plan;
    if (already.has(plan.id)) continue;
    const params = { target: plan.target, kind: plan.kind, planId: plan.id, stoppedIn: i.stoppedIn ? { id: i.stoppedIn.id, title: i.stoppedIn.title, command: i.stoppedIn.command } : null, ...(plan.reason ? { reason: plan.reason } : {}) };
    await d.audit.append({ at: d.now(), actor: d.actor, clusterId: plan.clusterId, action: plan.kind, params, outcome: `${INTERRUPTED_OUTCOME}: ${i.advice}` });
    audited.push(plan.id);
  }
  return audited;
}
