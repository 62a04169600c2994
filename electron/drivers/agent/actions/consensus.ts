import { randomUUID } from 'node:crypto';
import type { ActionPlan, ActionRequest, NodeActions } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import { isUp } from './positions';

type Kind = NodeActions['actions'][number]['kind'];
const OTHERS: Kind[] = ['switchover', 'failover', 'fence', 'unfence', 'rejoin'];

/** In a Raft group the one action is moving leadership to a healthy follower. */
export function consensusAvailableActions(sample: ClusterSample): NodeActions[] {
  const leaderId = sample.consensus?.leaderId ?? null;
  return sample.nodes.map((n) => {
    const why = !leaderId
      ? 'the group has no leader right now; wait for the election'
      : n.id === leaderId
        ? 'already the leader'
        : !isUp(n)
          ? `${n.name} is ${n.status.kind}`
          : null;
    const na = 'a Raft group has no primary: writes always go through the leader';
    return {
      nodeId: n.id,
      actions: [
        { kind: 'transfer-leadership' as const, available: why === null, why },
        ...OTHERS.map((kind) => ({ kind, available: false, why: na })),
      ],
    };
  });
}

/** Transfer (sent to the current leader's agent), then verify the new leader. */
export function planTransfer(req: ActionRequest, sample: ClusterSample, now: number): Result<ActionPlan> {
  const leaderId = sample.consensus?.leaderId ?? null;
  const target = sample.nodes.find((n) => n.id === req.target);
  if (!target) return fail('unknown-node', `no member ${req.target} in the newest sample`);
  if (!leaderId) return fail('no-leader', 'the group has no leader right now; wait for the election');
  const member = sample.consensus?.members.find((m) => m.nodeId === target.id);
  const leader = sample.consensus?.members.find((m) => m.nodeId === leaderId);
  const behind = member && leader ? BigInt(leader.commitIndex) - BigInt(member.appliedIndex) : null;
  const step = (id: string, title: string, command: string) => ({ id, title, command, state: 'pending' as const, startedAt: null, endedAt: null, detail: null, abortableBefore: true });
  return ok({
    id: randomUUID(),
    clusterId: req.clusterId,
    kind: 'transfer-leadership',
    target: target.id,
    createdAt: now,
    checks: [
      { id: 'not-leader', ok: target.id !== leaderId, severity: 'blocker', explanation: target.id === leaderId ? `${target.name} is already the leader` : `${leaderId} leads now` },
      { id: 'up', ok: isUp(target), severity: 'blocker', explanation: `${target.name} is ${target.status.kind}` },
      {
        id: 'caught-up',
        ok: behind !== null && behind <= 100n,
        severity: 'warning',
        explanation: behind === null ? 'its applied index is unknown' : `${target.name} has applied up to ${behind} entries fewer than the leader has committed; the leader waits for it to catch up before handing over`,
      },
    ],
    steps: [
      step(`transfer@${leaderId}>${target.id}`, `Ask ${leaderId} to hand leadership to ${target.name}`, `agent ${leaderId}: transferLeadership to=${target.id}`),
    ],
    expectedDataLossBytes: 0,
    expectedUnavailableMs: 300,
  });
}
