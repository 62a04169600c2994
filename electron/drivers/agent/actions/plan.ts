import { randomUUID } from 'node:crypto';
import type { ActionPlan, ActionRequest, ActionStep, PreflightCheck } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import { currentPrimary, incomingLink, isReplica, isUp, parsePosition } from './positions';

const step = (id: string, title: string, command: string, abortableBefore: boolean): ActionStep => ({
  id, title, command, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore,
});
const check = (id: string, ok: boolean, explanation: string, severity: PreflightCheck['severity'] = 'blocker'): PreflightCheck => ({ id, ok, severity, explanation });

/**
 * Plans a switchover, failover, fence, unfence or rejoin on an agent
 * primary/replica cluster from the newest sample. Step ids encode the agent
 * command (`op@node` or `op@node>upstream`) so a journal can be replayed.
 */
export function planAgentAction(req: ActionRequest, sample: ClusterSample, now: number): Result<ActionPlan> {
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
    check('streaming', req.kind === 'failover' || link?.state === 'streaming', link ? `the link into ${target.name} is ${link.state}` : `${target.name} has no upstream link`),
    check('lag-bytes', req.kind === 'failover' || (lagBytes ?? Infinity) <= req.maxLagBytes, `replay lag ${lagBytes ?? '?'} B against a limit of ${req.maxLagBytes} B`),
    check('lag-time', req.kind === 'failover' || (lagMs ?? Infinity) <= req.maxLagMs, `replay lag ${lagMs ?? '?'} ms against a limit of ${req.maxLagMs} ms`),
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
