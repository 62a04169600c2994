import type { ActionPlan, ActionStep, StepReport } from '../../../../shared/model/action';
import type { Result } from '../../../../shared/result';
import { toStep } from '../actions/plan-steps';
import { nodeState } from '../actions/step-sql';
import { rolesOf } from './pooler-plan';
import { executePoolerStep, type PoolerStepDeps } from './pooler-steps';

export type InnerExecutor = (step: ActionStep) => Promise<Result<StepReport>>;

const text = (r: Result<StepReport>) => (r.ok ? (typeof r.value === 'string' ? r.value : r.value.detail) : `failed: ${r.reason}`);

/**
 * A step failed while the poolers are paused (after the PAUSE, before the
 * RESUME). Clients stay paused while ReplicaDesk puts the cluster back in a
 * state that takes writes: if the candidate was promoted (answers, not in
 * recovery), the switch is finished by re-pointing the poolers to it;
 * otherwise the old primary is started (if it was stopped) and un-fenced.
 * Then every pooler is resumed. Returns what was done, for the failed step's detail.
 */
export async function recoverPaused(d: Omit<PoolerStepDeps, 'run'> & { run: PoolerStepDeps['run'] }, plan: ActionPlan, inner: InnerExecutor): Promise<string> {
  const { old, candidate } = rolesOf(plan);
  const said: string[] = [];
  const cand = await nodeState(d.session, candidate);
  const promoted = cand.ok && !cand.value.rec;
  if (promoted) {
    said.push(`${d.session.nameOf(candidate)} is already a primary: finishing the switch`);
    for (const id of d.run.paused) {
      said.push(`re-point ${id}: ${text(await executePoolerStep(d, { op: 'pooler-repoint', pooler: id, node: candidate, old }))}`);
    }
  } else if (old) {
    const on = d.session.nameOf(old);
    const st = await nodeState(d.session, old);
    if (!st.ok) {
      said.push(`start ${on}: ${text(await inner(toStep({ op: 'host-start', node: old, title: `Start ${on}`, command: 'agent: pg_ctl start', abortableBefore: false })))}`);
    }
    said.push(`unfence ${on}: ${text(await inner(toStep({ op: 'unfence', node: old, title: `Unfence ${on}`, command: 'ALTER SYSTEM RESET default_transaction_read_only', abortableBefore: false })))}`);
  }
  for (const id of d.run.paused) {
    said.push(`RESUME ${id}: ${text(await executePoolerStep(d, { op: 'pooler-resume', pooler: id, node: null, old: null }))}`);
  }
  return said.join('; ');
}
