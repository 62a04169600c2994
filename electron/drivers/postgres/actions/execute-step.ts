import type { ActionPlan, ActionStep } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import { assertNever, fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import type { NodeConnection } from '../node-connection';
import type { HostControl } from './host-control';
import { fenceCommands } from './plan-steps';
import { StepSession } from './session';
import { parseStepId, type StepRef } from './step-id';
import { checkpoint, fence, nodeState, promote, repoint, unfence } from './step-sql';
import { waitCaughtUp, waitStreaming, waitWritable } from './step-waits';

export interface ExecDeps {
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  host: HostControl | null;
  now(): number;
  /** Connections kept between steps (closed when the driver is disposed). */
  pool: Map<string, NodeConnection>;
}

/**
 * Runs one step of a plan. Stateless: everything it needs is in the step id
 * (op, node, peer), so a restarted app can run the next step of a journal.
 * Refuses plans whose pre-flight has a failing blocker.
 */
export async function executeStep(deps: ExecDeps, plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
  const blockers = plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
  if (blockers.length > 0) {
    return fail('preflight-failed', `the plan has failing checks: ${blockers.map((c) => `${c.id}: ${c.explanation}`).join('; ')}`);
  }
  const ref = parseStepId(step.id);
  if (!ref) return fail('bad-step', `step ${step.id} is not a postgres step`);
  const session = new StepSession(deps.targetOf, deps.timeouts, deps.now, signal, deps.pool);
  try {
    return await run(deps, session, ref);
  } finally {
    await session.dispose();
  }
}

const needPeer = (ref: StepRef): Result<string> =>
  ref.peer ? ok(ref.peer) : fail('bad-step', `step ${ref.op} on ${ref.node} names no peer node`);

async function run(deps: ExecDeps, s: StepSession, ref: StepRef): Promise<Result<string>> {
  const { node } = ref;
  const host = deps.host;
  const hosted = (f: (h: HostControl) => Promise<Result<string>>): Promise<Result<string>> =>
    host?.controls(node) ? f(host) : Promise.resolve(fail('needs-agent', `${ref.op} on ${node} needs the agent on that host`));
  const withPeer = async (f: (peer: string) => Promise<Result<string>>): Promise<Result<string>> => {
    const peer = needPeer(ref);
    return peer.ok ? f(peer.value) : peer;
  };
  switch (ref.op) {
    case 'verify': {
      const st = await nodeState(s, node);
      if (!st.ok) return st;
      return ok(st.value.rec ? `${node} is a standby, received up to ${st.value.receive_lsn ?? '?'}` : `${node} is already a primary`);
    }
    case 'fence':
      return fence(s, node);
    case 'unfence':
      return unfence(s, node);
    case 'host-stop':
      return hosted((h) => h.stop(node, s.signal));
    case 'host-start':
      return hosted((h) => h.start(node, s.signal));
    case 'wait-caught-up':
      return withPeer((old) => waitCaughtUp(s, node, old, host));
    case 'promote':
      return promote(s, node);
    case 'wait-writable':
      return waitWritable(s, node);
    case 'repoint':
      return withPeer((to) => repoint(s, node, to));
    case 'wait-streaming':
      return withPeer((from) => waitStreaming(s, node, from));
    case 'checkpoint':
      return checkpoint(s, node);
    case 'rewind':
      return withPeer((src) => {
        const ep = s.endpoint(src);
        return ep ? hosted((h) => h.rewind(node, ep, s.signal)) : Promise.resolve(fail('unknown-node', `${src} is unknown`));
      });
    case 'standby-config':
      return withPeer((up) => {
        const ep = s.endpoint(up);
        return ep ? hosted((h) => h.writeStandbyConfig(node, ep, s.signal)) : Promise.resolve(fail('unknown-node', `${up} is unknown`));
      });
    case 'fence-reminder':
      return fenceReminder(s, node);
    default:
      return assertNever(ref.op, 'step op');
  }
}

/** Fences the old primary if it answers now; else repeats what to run before it returns. */
async function fenceReminder(s: StepSession, node: string): Promise<Result<string>> {
  const st = await nodeState(s, node);
  if (!st.ok) return ok(`${node} does not answer (${st.reason}). FENCE IT BEFORE IT RETURNS: ${fenceCommands(node)}`);
  if (st.value.rec) return ok(`${node} answers as a standby: nothing to fence`);
  return fence(s, node);
}
