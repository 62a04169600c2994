import { nodeLabel, type ActionPlan, type ActionStep, type PreflightCheck } from '../../../../shared/model/action';
import type { PoolerReading, PoolerSpec } from '../../../../shared/model/pooler';
import { toStep } from '../actions/plan-steps';
import { parseStepId } from '../actions/step-id';
import { poolerChecks, stallCheck } from './pooler-checks';
import { poolerStepId, type PoolerStepRef } from './pooler-step-id';
import type { ClientSession } from './primary-sessions';
import { WRITE_CHECK_SQL } from './pooler-write';

export interface PoolerPlanInput {
  readings: readonly PoolerReading[];
  specs: readonly PoolerSpec[];
  /** The old primary's client sessions (or why they could not be read). */
  sessions: ClientSession[] | string;
  /** Sessions on the old primary that no pooler opened. */
  bypass: ClientSession[] | string;
  mode: 'pause' | 'ignore';
  endpointOf(id: string): { host: string; port: number } | null;
}

/** The old primary and the candidate, from the plan's own steps. */
export function rolesOf(plan: ActionPlan): { old: string | null; candidate: string } {
  let old: string | null = null;
  for (const s of plan.steps) {
    const r = parseStepId(s.id);
    if (r && (r.op === 'fence' || r.op === 'fence-reminder') && !old) old = r.node;
  }
  return { old, candidate: plan.target };
}

const step = (ref: PoolerStepRef, title: string, command: string, abortableBefore: boolean): ActionStep => ({ ...toStep({ op: 'verify', node: '-', title, command, abortableBefore }), id: poolerStepId(ref) });

/**
 * Adds the poolers to a switchover or failover plan. Switchover: PAUSE after
 * verify, re-point + RESUME + a write through the pooler once the candidate
 * is writable; nothing between PAUSE and RESUME may be aborted (an abort
 * would leave clients paused). Failover: re-point and write, and the plan
 * says until which step clients see errors.
 */
export function extendPlan(plan: ActionPlan, i: PoolerPlanInput): ActionPlan {
  if (plan.kind !== 'switchover' && plan.kind !== 'failover') return plan;
  const { old, candidate } = rolesOf(plan);
  const ep = i.endpointOf(candidate);
  const involved = i.readings.filter((r) => r.status !== 'ok' || r.databases.some((d) => d.targetNodeId !== null && d.targetNodeId !== candidate && (old === null || d.targetNodeId === old)));
  if (involved.length === 0 || !ep) return plan;
  const checks: PreflightCheck[] = [...plan.checks];
  const names = involved.map((r) => r.name);
  const repointCmd = (r: PoolerReading) =>
    `agent beside ${r.name}: poolerRepoint ${r.databases.filter((d) => d.targetNodeId === old).map((d) => `${d.name} → host=${ep.host} port=${ep.port}`).join(', ') || `(entries on ${old ?? 'the old primary'})`} (rewrite that [databases] entry in pgbouncer.ini, RELOAD); then SHOW DATABASES`;
  const writeCmd = (r: PoolerReading) => `${WRITE_CHECK_SQL} -- through ${r.name} (${r.host}:${r.port}), database ${r.databases.find((d) => d.targetNodeId === old)?.name ?? '?'}`;

  const specOf = (r: PoolerReading) => i.specs.find((s) => s.host === r.host && s.port === r.port);
  if (plan.kind === 'failover' || i.mode === 'ignore') return withRepoint(plan, checks, involved, { candidate, old, repointCmd, writeCmd });
  const stall = (plan.expectedUnavailableMs ?? 250) + 150 * involved.length;
  const steps: ActionStep[] = [];
  for (const r of involved) {
    const spec = specOf(r);
    if (spec) checks.push(...poolerChecks({ reading: r, spec, sessions: i.sessions, expectedStallMs: stall }));
  }
  checks.push(stallCheck(names, stall, i.bypass));
  let paused = false;
  for (const s of plan.steps) {
    const op = parseStepId(s.id)?.op;
    steps.push(paused ? { ...s, abortableBefore: false } : s);
    if (op === 'verify') {
      involved.forEach((r, n) => {
        const t = specOf(r)?.pauseTimeoutMs ?? 2_000;
        steps.push(step({ op: 'pooler-pause', pooler: r.id, node: old, old: null }, `PAUSE ${r.name} (${r.host}:${r.port}): hold new transactions, wait for running ones`, `PAUSE -- on ${r.name}'s admin console, one connection held until RESUME; at most ${t} ms, else RESUME and abort before ${old ?? 'the old primary'} is touched`, n === 0));
      });
      paused = true;
    }
    if (op === 'wait-writable') {
      for (const r of involved) steps.push(step({ op: 'pooler-repoint', pooler: r.id, node: candidate, old }, `Point ${r.name} at the new primary and confirm with SHOW DATABASES`, repointCmd(r), false));
      for (const r of involved) steps.push(step({ op: 'pooler-resume', pooler: r.id, node: null, old: null }, `RESUME ${r.name}: waiting clients go to the new primary`, 'RESUME -- on the connection that sent PAUSE', false));
      for (const r of involved) steps.push(step({ op: 'pooler-write', pooler: r.id, node: candidate, old: null }, `Write through ${r.name}: lands on the new primary`, writeCmd(r), false));
      paused = false;
    }
  }
  return { ...plan, checks, steps };
}

/**
 * Failover (the old primary is gone), and a switchover planned without the
 * pause: no PAUSE; each pooler is re-pointed once the candidate is writable,
 * and the plan says until which step its clients see errors. Without an agent
 * the re-point step cannot act: it is skipped with the by-hand change.
 */
function withRepoint(
  plan: ActionPlan,
  checks: PreflightCheck[],
  involved: readonly PoolerReading[],
  o: { candidate: string; old: string | null; repointCmd: (r: PoolerReading) => string; writeCmd: (r: PoolerReading) => string },
): ActionPlan {
  const names = involved.map((r) => r.name);
  const steps: ActionStep[] = [];
  let errorsUntil = 0;
  for (const s of plan.steps) {
    steps.push(s);
    if (parseStepId(s.id)?.op === 'wait-writable') {
      for (const r of involved) steps.push(step({ op: 'pooler-repoint', pooler: r.id, node: o.candidate, old: o.old }, `Point ${r.name} at the new primary and confirm with SHOW DATABASES`, o.repointCmd(r), false));
      errorsUntil = steps.length;
      for (const r of involved) steps.push(step({ op: 'pooler-write', pooler: r.id, node: o.candidate, old: null }, `Write through ${r.name}: lands on the new primary`, o.writeCmd(r), false));
    }
  }
  if (plan.kind === 'switchover') {
    checks.push({ id: 'pooler:ignored', ok: false, severity: 'warning', explanation: `ordinary switchover: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not paused, so ${names.length === 1 ? 'its' : 'their'} clients see errors from the fence on; ${names.length === 1 ? 'it is' : 'they are'} re-pointed at step ${errorsUntil}` });
  }
  for (const r of involved) {
    if (r.agent !== 'ready') checks.push({ id: `pooler:${r.name}:agent`, ok: false, severity: 'warning', explanation: `${r.name} cannot be re-pointed (no agent ready beside it; PgBouncer 1.18's admin console cannot change a [databases] entry): step ${errorsUntil} will say how to do it by hand, and its clients keep failing until it is done${plan.kind === 'failover' && o.old ? returnsFirst(nodeLabel(plan, o.old)) : ''}` });
    if ((r.serverLoginRetryS ?? 15) > 1) checks.push({ id: `pooler:${r.name}:server-login-retry`, ok: false, severity: 'warning', explanation: `server_login_retry = ${r.serverLoginRetryS ?? 'unknown'} s: after its failed logins to the old primary ${r.name} may wait that long before trying the new one; set it to 1` });
  }
  checks.push({ id: 'pooler:errors-until', ok: true, severity: 'info', explanation: `clients of ${names.join(', ')} see errors until step ${errorsUntil} (the pooler re-pointed at the new primary)${loginRetryTail(involved)}` });
  return { ...plan, checks, steps };
}

/**
 * PgBouncer keeps a pool's failed-login wait across RELOAD (measured on 1.18: with server_login_retry = 15 s, an
 * application's first login through the re-pointed pooler came 12.5 s after the re-point): clients that failed
 * to log in to the dead primary wait up to that long after the re-point step.
 */
function loginRetryTail(involved: readonly PoolerReading[]): string {
  const slow = involved.filter((r) => (r.serverLoginRetryS ?? 15) > 1);
  if (slow.length === 0) return '';
  return `, and ${slow.map((r) => `${r.name}'s clients up to server_login_retry = ${r.serverLoginRetryS ?? 'unknown (default 15)'} s`).join(', ')} after it: PgBouncer retries a pool whose logins to the old primary failed no sooner, and RELOAD does not clear that wait`;
}

/** Measured (pooler-failover.test.ts): the old primary restarted before the by-hand re-point takes pooled writes until a sample fences it. */
function returnsFirst(old: string): string {
  return `; until then it sends them to ${old}: should ${old} come back first, pooled writes land on it (old timeline) until ReplicaDesk's next sample fences it, and its rejoin discards them`;
}
