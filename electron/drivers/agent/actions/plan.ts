import { randomUUID } from 'node:crypto';
import type { ActionPlan, ActionRequest, ActionStep, PreflightCheck } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import { capabilityChecks, type AgentDirectory } from './capabilities';
import { currentPrimary, incomingLink, isReplica, isUp, parsePosition } from './positions';

const step = (id: string, title: string, command: string, abortableBefore: boolean): ActionStep => ({
  id, title, command, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore,
});
/** A passing check is `info`: its severity says what failing would mean, so it only shows when it fails. */
const check = (id: string, ok: boolean, explanation: string, severity: PreflightCheck['severity'] = 'blocker'): PreflightCheck => ({ id, ok, severity: ok ? 'info' : severity, explanation });

/**
 * Plans a switchover, failover, fence, unfence or rejoin on an agent
 * primary/replica cluster from the newest sample. Step ids encode the agent
 * command (`op@node` or `op@node>upstream`) so a journal can be replayed.
 */
export function planAgentAction(req: ActionRequest, sample: ClusterSample, now: number, agents: AgentDirectory): Result<ActionPlan> {
  const planned = planSteps(req, sample, now);
  if (!planned.ok) return planned;
  const nameOf = (id: string) => sample.nodes.find((n) => n.id === id)?.name ?? id;
  const plan = planned.value;
  return ok({ ...plan, checks: [...plan.checks, ...capabilityChecks(plan.steps, agents, nameOf)] });
}

function planSteps(req: ActionRequest, sample: ClusterSample, now: number): Result<ActionPlan> {
  if (req.kind === 'transfer-leadership') return fail('not-supported', 'a primary/replica cluster has no consensus leader: use switchover');
  const target = sample.nodes.find((n) => n.id === req.target);
  if (!target) return fail('unknown-node', `no node ${req.target} in the newest sample`);
  const primary = currentPrimary(sample);
  const base = { id: randomUUID(), clusterId: req.clusterId, kind: req.kind, target: req.target, createdAt: now } as const;
  if (req.kind === 'fence' || req.kind === 'unfence') {
    const checks = [check('reachable', isUp(target), isUp(target) ? `${target.name} answers` : `${target.name} is ${target.status.kind}: its agent cannot fence it`)];
    const s = step(`${req.kind}@${target.id}`, `${req.kind === 'fence' ? 'Fence' : 'Unfence'} ${target.name}`, `agent ${target.id}: ${req.kind}`, true);
    return ok({ ...base, checks, steps: [s], expectedDataLossBytes: 0, expectedUnavailableMs: req.kind === 'fence' ? null : 0 });
  }
  if (req.kind === 'rejoin') {
    if (!primary || primary.id === target.id) return fail('no-primary', 'there is no other primary to rejoin');
    const s = step(`rejoin@${target.id}>${primary.id}`, `Rewind ${target.name} and follow ${primary.name}`, `agent ${target.id}: rejoin upstream=${primary.id}`, true);
    return ok({ ...base, checks: [check('reachable', isUp(target), `${target.name} is ${target.status.kind}`)], steps: [s], expectedDataLossBytes: null, expectedUnavailableMs: 0 });
  }
  if (!isReplica(target)) return fail('not-a-replica', `${target.name} is ${target.role}: only a replica can be promoted`);
  const link = incomingLink(sample, target.id);
  const lagBytes = link?.lag.bytes.replay ?? null;
  const lagMs = link?.lag.ms.replay ?? null;
  const primaryUp = primary !== null && isUp(primary);
  const others = sample.nodes.filter((n) => isReplica(n) && n.id !== target.id);
  const checks: PreflightCheck[] = [
    check('connected', isUp(target), isUp(target) ? `${target.name} is up and its agent answers` : `${target.name} is ${target.status.kind}`),
    req.kind === 'switchover'
      ? check('primary-up', primaryUp, primaryUp ? `the primary ${primary!.name} is up, so it can be fenced and drained first (no loss)` : 'the primary is not up: a switchover needs it; use failover')
      : check('primary-down', !primaryUp, !primaryUp ? `the primary ${primary?.name ?? '?'} is ${primary?.status.kind ?? 'gone'}` : `the primary ${primary!.name} is up: use switchover, which loses nothing`),
    ...linkChecks(req, target.name, link?.state ?? null, lagBytes, lagMs),
    check('followers', others.every(isUp), others.every(isUp) ? `${others.length} other replica(s) will follow ${target.name}` : `not every other replica is up: ${others.filter((n) => !isUp(n)).map((n) => n.name).join(', ')} will need a rejoin`, 'warning'),
  ];
  const steps: ActionStep[] = [];
  if (req.kind === 'switchover' && primary) {
    steps.push(step(`fence@${primary.id}`, `Fence ${primary.name}: refuse new writes`, `agent ${primary.id}: fence`, true));
    steps.push(step(`catchup@${target.id}`, `Wait until ${target.name} has replayed everything`, `wait: replay lag into ${target.id} = 0 B`, true));
  }
  steps.push(step(`promote@${target.id}`, `Promote ${target.name}`, `agent ${target.id}: promote`, req.kind === 'failover'));
  for (const o of others) steps.push(step(`repoint@${o.id}>${target.id}`, `Point ${o.name} at ${target.name}`, `agent ${o.id}: repoint upstream=${target.id}`, false));
  if (req.kind === 'switchover' && primary) {
    steps.push(step(`rejoin@${primary.id}>${target.id}`, `Make ${primary.name} a replica of ${target.name}`, `agent ${primary.id}: rejoin upstream=${target.id}`, false));
  }
  const loss = req.kind === 'failover' ? Math.max(0, (parsePosition(primary?.position) ?? 0) - (parsePosition(target.position) ?? 0)) : 0;
  return ok({ ...base, checks, steps, expectedDataLossBytes: loss, expectedUnavailableMs: req.kind === 'switchover' ? 500 : null });
}

/**
 * Streaming and lag into the candidate. A switchover needs them within limits;
 * a failover does not wait for them (its primary is gone), so they pass and say so.
 */
function linkChecks(req: ActionRequest, name: string, state: string | null, lagBytes: number | null, lagMs: number | null): PreflightCheck[] {
  const link = state === null ? `${name} has no upstream link` : `the link into ${name} is ${state}`;
  if (req.kind === 'failover') {
    return [
      check('streaming', true, state === 'streaming' ? link : `${link}: expected in a failover, its primary is gone`),
      check('lag-bytes', true, `replay lag ${lagBytes === null ? 'unknown' : `${lagBytes} B`}: a failover does not wait for it (see the expected loss)`),
      check('lag-time', true, `replay lag ${lagMs === null ? 'unknown' : `${lagMs} ms`}: a failover does not wait for it`),
    ];
  }
  const limit = (value: number | null, max: number, unit: string) =>
    value === null ? `replay lag unknown (no measured link into ${name}): a switchover needs it within ${max} ${unit}` : `replay lag ${value} ${unit} ${value <= max ? '≤' : '>'} limit ${max} ${unit}`;
  return [
    check('streaming', state === 'streaming', state === 'streaming' ? link : `${link}: a switchover needs it streaming`),
    check('lag-bytes', lagBytes !== null && lagBytes <= req.maxLagBytes, limit(lagBytes, req.maxLagBytes, 'B')),
    check('lag-time', lagMs !== null && lagMs <= req.maxLagMs, limit(lagMs, req.maxLagMs, 'ms')),
  ];
}
