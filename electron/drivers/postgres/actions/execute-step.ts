import { nodeLabel, type ActionPlan, type ActionStep, type StepReport } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import { assertNever, fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import type { NodeConnection } from '../node-connection';
import type { HostControl } from './host-control';
import { pollUntil, StepSession } from './session';
import { parseStepId, type StepRef } from './step-id';
import { checkpoint, fence, nodeState, promote, repoint, unfence, walHeldText } from './step-sql';
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
export async function executeStep(deps: ExecDeps, plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
  const blockers = plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
  if (blockers.length > 0) {
    return fail('preflight-failed', `the plan has failing checks: ${blockers.map((c) => `${c.id}: ${c.explanation}`).join('; ')}`);
  }
  const ref = parseStepId(step.id);
  if (!ref) return fail('bad-step', `step ${step.id} is not a postgres step`);
  const session = new StepSession(deps.targetOf, deps.timeouts, deps.now, signal, deps.pool);
  session.nameOf = (id) => nodeLabel(plan, id);
  try {
    return await run(deps, session, ref);
  } finally {
    await session.dispose();
  }
}

const needPeer = (ref: StepRef): Result<string> =>
  ref.peer ? ok(ref.peer) : fail('bad-step', `step ${ref.op} on ${ref.node} names no peer node`);

async function run(deps: ExecDeps, s: StepSession, ref: StepRef): Promise<Result<StepReport>> {
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
      return ok(st.value.rec ? `${s.nameOf(node)} is a standby (pg_is_in_recovery() = true), ${walHeldText(st.value)}` : `${s.nameOf(node)} is already a primary`);
    }
    case 'fence':
      return fence(s, node);
    case 'unfence':
      return unfence(s, node);
    case 'host-stop':
      return observeStopped(s, node, await hosted((h) => h.stop(node, s.signal)));
    case 'host-start':
      return observeStarted(s, node, await hosted((h) => h.start(node, s.signal)));
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
    case 'manual-checkpoint':
    case 'manual-stop':
    case 'manual-rewind':
    case 'manual-config':
    case 'manual-standby-signal':
    case 'manual-start':
      return fail('manual', `${ref.op} on ${s.nameOf(node)} is the admin's step: ReplicaDesk does not run it`);
    default:
      return assertNever(ref.op, 'step op');
  }
}

/** After the agent stopped it: done only once the server no longer answers. */
async function observeStopped(s: StepSession, node: string, did: Result<string>): Promise<Result<string>> {
  if (!did.ok) return did;
  const st = await nodeState(s, node);
  return st.ok ? fail('still-running', `${did.value}, but ${s.nameOf(node)} still answers`) : ok(`${did.value}; ${s.nameOf(node)} no longer answers (${st.code})`);
}

/** After the agent started it: done once it answers, saying whether it is in recovery. */
async function observeStarted(s: StepSession, node: string, did: Result<string>): Promise<Result<string>> {
  if (!did.ok) return did;
  const st = await pollUntil(() => nodeState(s, node), `${s.nameOf(node)} to answer`, { timeoutMs: 30_000, signal: s.signal, intervalMs: 100 });
  return st.ok ? ok(`${did.value}; ${s.nameOf(node)} answers, pg_is_in_recovery() = ${st.value.rec}`) : fail(st.code, `${did.value}, but ${st.reason}`);
}

/**
 * Fences the old primary if it answers now. A node that does not answer is
 * skipped (nothing was fenced), and the fence stays owed: core runs this step
 * again the moment the node answers as a writable primary.
 */
async function fenceReminder(s: StepSession, node: string): Promise<Result<StepReport>> {
  const st = await nodeState(s, node);
  const name = s.nameOf(node);
  if (!st.ok) return ok({ detail: `skipped: ${name} is unreachable (${st.reason}); the fence is owed: it is fenced the moment it answers as a writable primary`, skipped: true, owes: { kind: 'fence-on-return', nodeId: node } });
  if (st.value.rec) return ok({ detail: `skipped: ${name} answers in recovery (pg_is_in_recovery() = true): a standby refuses writes already`, skipped: true });
  return fence(s, node);
}
