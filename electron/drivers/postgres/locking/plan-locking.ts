import type { ActionRequest, ActionStep, LockingActionKind, PreflightCheck } from '../../../../shared/model/action';
import type { NodeLocking, Session } from '../../../../shared/model/locking';
import { allWaiters, directWaiters, waitedMs, type BlockerRef } from '../../../../shared/locking/blocking-tree';
import { lockingStepId, lockingStepSql, type LockingStep } from './locking-steps';

/** The session a cancel/terminate acts on, read just before planning. */
export interface SessionFacts {
  pid: number;
  user: string | null;
  database: string | null;
  application: string;
  state: string | null;
  query: string;
  backendType: string;
  backendStartUs: string;
  xactMs: number | null;
  self: boolean;
}

export interface LockingPlanInput {
  request: ActionRequest & { kind: LockingActionKind };
  /** A fresh reading of every node. */
  nodes: readonly NodeLocking[];
  /** cancel/terminate: the session as pg_stat_activity has it now; null when it is gone. */
  session: SessionFacts | null;
  now: number;
}

export interface LockingPlanParts {
  target: string;
  checks: PreflightCheck[];
  steps: ActionStep[];
}

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity, explanation });
const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 7_200_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
const short = (q: string) => (q.length > 80 ? `${q.slice(0, 77)}…` : q).replace(/\s+/g, ' ');

function toStep(s: LockingStep, title: string, note: string): ActionStep {
  return { id: lockingStepId(s), title, command: `${note}${lockingStepSql(s)}`, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true };
}

/**
 * Who waits on `ref`: the direct waiters stop waiting for it (they may still
 * wait for someone else), and the sessions queued behind them are listed.
 */
function unblocks(node: NodeLocking, ref: BlockerRef, now: number): PreflightCheck {
  const direct = directWaiters(node.sessions, ref);
  if (direct.length === 0) return check('unblocks', true, 'info', 'No session waits on it.');
  const describe = (s: Session) => `pid ${s.pid} (${short(s.query)}, waiting ${seconds(waitedMs(s, now))})`;
  const behind = allWaiters(node.sessions, ref).filter((s) => !direct.includes(s));
  const more = behind.length ? ` Behind ${direct.length === 1 ? 'it' : 'them'} wait ${behind.map(describe).join('; ')}.` : '';
  return check('unblocks', true, 'info', `No longer waits on it: ${direct.map(describe).join('; ')}.${more}`);
}

/** COMMIT/ROLLBACK PREPARED, or cancel/terminate: checks that explain themselves and the one exact step. */
export function planLocking(input: LockingPlanInput): LockingPlanParts {
  const { request, nodes } = input;
  const node = nodes.find((n) => n.nodeId === request.target);
  const target = request.target;
  if (!node) return { target, checks: [check('node', false, 'blocker', `${target} is not a node of this cluster`)], steps: [] };
  if (node.error) return { target, checks: [check('node', false, 'blocker', `${target} cannot be read: ${node.error}`)], steps: [] };
  return request.kind === 'commit-prepared' || request.kind === 'rollback-prepared'
    ? planPrepared(input, node, request.kind)
    : planSignal(input, node, request.kind);
}

function planPrepared(input: LockingPlanInput, node: NodeLocking, op: 'commit-prepared' | 'rollback-prepared'): LockingPlanParts {
  const gid = input.request.gid;
  const target = node.nodeId;
  if (!gid) return { target, checks: [check('gid', false, 'blocker', `${op} needs the prepared transaction's gid`)], steps: [] };
  const px = node.prepared.find((p) => p.gid === gid);
  if (!px) {
    const why = `"${gid}" is not prepared on ${target} any more: it was committed or rolled back since the list was read (or never existed there). Nothing to do.`;
    return { target, checks: [check('gid', false, 'blocker', why)], steps: [] };
  }
  const checks: PreflightCheck[] = [
    check('gid', true, 'info', `"${gid}" was prepared ${seconds(input.now - px.preparedAt)} ago by ${px.owner} in database ${px.database} (xid ${px.xid}, ${px.xidAge} xids old).`),
    unblocks(node, { kind: 'prepared', gid }, input.now),
  ];
  if (px.holdsXminHorizon) checks.push(check('horizon', true, 'info', `It holds the node's xmin horizon back: vacuum can clean past xid ${px.xid} once it ends.`));
  const others = input.nodes.filter((n) => n.nodeId !== target && !n.error && !n.inRecovery);
  const alsoOn = others.filter((n) => n.prepared.some((p) => p.gid === gid)).map((n) => n.nodeId);
  if (alsoOn.length > 0) {
    checks.push(check('distributed', false, 'warning', `The same gid is prepared on ${alsoOn.join(', ')}: a distributed transaction. Give it the same outcome there, or the nodes disagree.`));
  }
  const verb = op === 'commit-prepared' ? 'Commit' : 'Roll back';
  const step = toStep({ op, node: target, database: px.database, gid }, `${verb} "${gid}" on ${target}`, `-- in database ${px.database}, as the cluster's login role\n`);
  return { target, checks, steps: [step] };
}

function planSignal(input: LockingPlanInput, node: NodeLocking, op: 'cancel-query' | 'terminate-session'): LockingPlanParts {
  const pid = input.request.pid;
  const target = node.nodeId;
  const s = input.session;
  if (!pid) return { target, checks: [check('pid', false, 'blocker', `${op} needs the session's pid`)], steps: [] };
  if (!s) return { target, checks: [check('pid', false, 'blocker', `pid ${pid} is no longer a session on ${target}: it ended since the list was read. Nothing to do.`)], steps: [] };
  const checks: PreflightCheck[] = [
    check('pid', true, 'info', `pid ${pid}: ${s.user ?? '?'} on ${s.database ?? '?'} (${s.application || 'no application name'}), ${s.state ?? s.backendType}: ${short(s.query)}`),
  ];
  if (s.self) checks.push(check('self', false, 'blocker', `pid ${pid} is ReplicaDesk's own session`));
  if (s.backendType !== 'client backend') checks.push(check('backend', false, 'warning', `pid ${pid} is a ${s.backendType}, not a client session: the server or a replication client may restart it.`));
  if (op === 'terminate-session') {
    const open = s.xactMs !== null ? `its open transaction (${seconds(s.xactMs)} old) is rolled back` : 'it has no open transaction';
    checks.push(check('effect', true, 'info', `Ends the session; ${open}. Its client must reconnect.`));
  } else if (s.state?.startsWith('idle in transaction')) {
    checks.push(check('effect', false, 'warning', `pid ${pid} is ${s.state}: there is no query to cancel, and it keeps its locks. Terminate it to release them.`));
  } else {
    checks.push(check('effect', true, 'info', 'Cancels the running statement only; inside a transaction block the whole transaction is aborted (its locks are released), and the session stays.'));
  }
  checks.push(unblocks(node, { kind: 'session', pid }, input.now));
  const verb = op === 'cancel-query' ? 'Cancel the query of' : 'Terminate';
  const step = toStep({ op, node: target, pid, backendStartUs: s.backendStartUs }, `${verb} pid ${pid} on ${target}`, '-- only if pid is still the same session (same backend_start)\n');
  return { target, checks, steps: [step] };
}
