import { nodeLabel, type ActionPlan, type ActionStep, type StepReport } from '../../../../shared/model/action';
import { assertNever, fail, type Result } from '../../../../shared/result';
import type { ActionSessions } from './session';
import type { StepContext } from './step-context';
import { fence, fenceReminder } from './step-fence';
import { parseMdbStepId } from './step-id';
import { drainRelay, promote, verify, waitCaughtUp } from './step-promote';
import { rejoinOld, repoint } from './step-repoint';

export interface ExecDeps {
  sessions: ActionSessions;
  replication: { user: string; password: string };
  waitTimeoutMs: number;
}

/**
 * Runs one step of a MariaDB plan. Stateless: the step id names the op, the
 * node and its peer, so a restarted app can run the next step of a journal.
 * Refuses plans whose pre-flight has a failing blocker.
 */
export async function executeMdbStep(deps: ExecDeps, plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
  const blockers = plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
  if (blockers.length > 0) return fail('preflight-failed', `the plan has failing checks: ${blockers.map((c) => `${c.id}: ${c.explanation}`).join('; ')}`);
  const ref = parseMdbStepId(step.id);
  if (!ref) return fail('bad-step', `step ${step.id} is not a MariaDB step`);
  const x: StepContext = { s: deps.sessions, signal, nameOf: (id) => nodeLabel(plan, id), replication: deps.replication, waitTimeoutMs: deps.waitTimeoutMs };
  const peer = ref.peer;
  const kind = plan.kind === 'failover' ? 'failover' : 'switchover';
  const needPeer = () => fail('bad-step', `step ${ref.op} on ${ref.node} names no peer node`);
  switch (ref.op) {
    case 'verify':
      return peer ? verify(x, ref.node, peer, kind) : needPeer();
    case 'fence':
      return fence(x, ref.node);
    case 'wait-caught-up':
      return peer ? undoAdvice(await waitCaughtUp(x, ref.node, peer), `${x.nameOf(peer)} stays fenced: to give up, run SET GLOBAL read_only = 0 on it`) : needPeer();
    case 'drain-relay':
      return peer ? drainRelay(x, ref.node, peer) : needPeer();
    case 'promote': {
      const old = plan.steps.map((st) => parseMdbStepId(st.id)).find((r) => r?.op === 'fence')?.node;
      const undo = old ? `${x.nameOf(old)} stays fenced: to give up, run START SLAVE on ${x.nameOf(ref.node)} (if its channel is still there) and SET GLOBAL read_only = 0 on ${x.nameOf(old)}` : `no primary takes writes until ${x.nameOf(ref.node)} is promoted`;
      return undoAdvice(await promote(x, ref.node, peer), undo);
    }
    case 'repoint':
      return peer ? repoint(x, ref.node, peer) : needPeer();
    case 'rejoin-old':
      return peer ? rejoinOld(x, ref.node, peer) : needPeer();
    case 'fence-reminder':
      return fenceReminder(x, ref.node);
    case 'manual-rejoin':
      return fail('manual', `${ref.op} on ${x.nameOf(ref.node)} is the admin's step: ReplicaDesk does not run it`);
    default:
      return assertNever(ref.op, 'step op');
  }
}

/** A failure after the fence leaves no writable primary: the detail says how to give up. */
function undoAdvice<T>(r: Result<T>, advice: string): Result<T> {
  return r.ok ? r : fail(r.code, `${r.reason}; ${advice}`);
}
