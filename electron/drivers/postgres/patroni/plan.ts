import type { ActionRequest, ActionStep, PreflightCheck } from '../../../../shared/model/action';
import { memberNodeId } from './annotate';
import { memberBaseUrl, type PatroniView } from './probe';
import { describeRequest } from './rest';
import { isLeaderRole, isRunningState, type PatroniMember } from './schemas';
import { patroniStepId, type PatroniStepRef } from './step-id';

/** design.md: Patroni 3.0 blocked writes for about 1.5 s in a switchover on this machine. */
export const PATRONI_SWITCHOVER_ESTIMATE_MS = 1_500;

export interface PatroniPlanParts {
  target: string;
  checks: PreflightCheck[];
  steps: ActionStep[];
  expectedDataLossBytes: number | null;
  expectedUnavailableMs: number | null;
}

/** The member a request names: by node id (`host:port`) or by Patroni member name. */
export function findMember(view: PatroniView, target: string): PatroniMember | null {
  return view.cluster.members.find((m) => memberNodeId(m) === target || m.name === target) ?? null;
}

/** The body Patroni's REST API gets; shown verbatim in the plan. */
export function requestBody(op: 'patroni-switchover' | 'patroni-failover', candidate: string, leader: string | null): Record<string, string> {
  return op === 'patroni-switchover' ? { leader: leader ?? '', candidate } : { candidate };
}

/** Where to send the request: switchover to the leader's API, failover to the candidate's (the leader may be gone). */
export function requestUrl(view: PatroniView, op: 'patroni-switchover' | 'patroni-failover', candidate: string, leader: string | null): string {
  const via = op === 'patroni-switchover' ? leader : candidate;
  const m = view.cluster.members.find((x) => x.name === via);
  return `${memberBaseUrl(m?.api_url) ?? view.url}/${op === 'patroni-switchover' ? 'switchover' : 'failover'}`;
}

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity, explanation });

/** Best candidate for `auto`: a running replica without nofailover, least lag first, then name. */
function best(view: PatroniView): PatroniMember | null {
  const lag = (m: PatroniMember) => (typeof m.lag === 'number' ? m.lag : Number.MAX_SAFE_INTEGER);
  const ok = view.cluster.members.filter((m) => !isLeaderRole(m.role) && isRunningState(m.state) && !m.tags?.nofailover);
  return ok.sort((a, b) => lag(a) - lag(b) || a.name.localeCompare(b.name))[0] ?? null;
}

/**
 * Switchover/failover through Patroni. What Patroni itself decides (is the
 * candidate a healthy member?) is a warning here: the request goes to Patroni
 * and its refusal is shown with its own words. Our own lag limit is a blocker.
 */
export function planPatroni(request: ActionRequest, view: PatroniView): PatroniPlanParts {
  const kind = request.kind;
  if (kind !== 'switchover' && kind !== 'failover') {
    const why = kind === 'rejoin' ? 'Patroni rejoins a former leader itself (pg_rewind, or patronictl reinit)' : 'fencing by SQL would fight Patroni (patronictl pause first)';
    return { target: request.target, checks: [check('patroni-managed', false, 'blocker', `Patroni manages this cluster (scope ${view.scope}): ${why}.`)], steps: [], expectedDataLossBytes: null, expectedUnavailableMs: null };
  }
  const leader = view.cluster.members.find((m) => isLeaderRole(m.role)) ?? null;
  const member = request.target === 'auto' ? best(view) : findMember(view, request.target);
  const candidate = member?.name ?? request.target;
  const op = kind === 'switchover' ? 'patroni-switchover' : 'patroni-failover';
  const leaderName = leader?.name ?? null;
  const checks: PreflightCheck[] = [check('patroni', true, 'info', `Patroni ${view.version} (scope ${view.scope}) answers at ${view.url}; it performs the ${kind} and has the last word.`)];
  if (!member) checks.push(check('candidate', false, 'warning', `${request.target} is not a Patroni member (${view.cluster.members.map((m) => m.name).join(', ')}): Patroni is expected to refuse.`));
  else if (isLeaderRole(member.role)) checks.push(check('candidate', false, 'warning', `${member.name} is already the Patroni leader: Patroni is expected to refuse.`));
  else if (!isRunningState(member.state)) checks.push(check('candidate', false, 'warning', `Patroni reports ${member.name} ${member.state}: Patroni is expected to refuse it as unhealthy.`));
  else checks.push(check('candidate', true, 'info', `${member.name} is a ${member.role}, ${member.state}${member.timeline !== undefined ? ` on timeline ${member.timeline}` : ''}.`));
  if (kind === 'switchover') {
    checks.push(leader ? check('leader', true, 'info', `${leader.name} holds the leader key and will be demoted.`) : check('leader', false, 'warning', 'Patroni has no leader: a switchover needs one, fail over instead.'));
  } else if (leader && isRunningState(leader.state)) {
    checks.push(check('leader', false, 'warning', `${leader.name} is a running leader: Patroni demotes it (a failover with a live leader is a switchover without the leader check).`));
  }
  const lag = typeof member?.lag === 'number' ? member.lag : null;
  if (member && !isLeaderRole(member.role)) {
    const within = lag !== null && lag <= request.maxLagBytes;
    checks.push(check('lag', within, 'blocker', lag === null ? `Patroni reports ${member.name}'s lag as ${String(member.lag ?? 'unknown')}.` : `${member.name} is ${lag} bytes behind (limit ${request.maxLagBytes}).`));
  }
  if (view.cluster.pause) checks.push(check('paused', true, 'warning', 'Patroni is paused: after the switch it still will not fail over automatically.'));

  const url = requestUrl(view, op, candidate, leaderName);
  const memberUrl = memberBaseUrl(member?.api_url) ?? view.url;
  const step = (ref: PatroniStepRef, title: string, command: string, abortableBefore: boolean): ActionStep => ({
    id: patroniStepId(ref),
    title,
    command,
    state: 'pending',
    startedAt: null,
    endedAt: null,
    detail: null,
    abortableBefore,
  });
  const steps = [
    step({ op, candidate, leader: leaderName }, `Ask Patroni to ${kind === 'switchover' ? `switch over from ${leaderName ?? '?'}` : 'fail over'} to ${candidate}`, describeRequest('POST', url, requestBody(op, candidate, leaderName)), true),
    step({ op: 'patroni-wait-leader', candidate, leader: leaderName }, `Wait until Patroni reports ${candidate} as the running leader`, `${describeRequest('GET', `${view.url}/cluster`)} -- until ${candidate} is leader and running`, false),
    step({ op: 'patroni-wait-streaming', candidate, leader: kind === 'switchover' ? leaderName : null }, `Wait until the other members stream from ${candidate}`, `${describeRequest('GET', `${memberUrl}/patroni`)} -- until replication[] lists ${kind === 'switchover' && leaderName ? `${leaderName} and ` : ''}every other running member as streaming`, false),
  ];
  const loopWaitMs = (view.config?.loop_wait ?? 10) * 1_000;
  return {
    target: member ? (memberNodeId(member) ?? member.name) : request.target,
    checks,
    steps,
    expectedDataLossBytes: kind === 'switchover' ? 0 : lag,
    expectedUnavailableMs: kind === 'switchover' ? PATRONI_SWITCHOVER_ESTIMATE_MS : loopWaitMs + 1_000,
  };
}
