import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import type { ClusterKind } from '../../../../shared/model/cluster';
import { currentPrimary, isReplica, isUp } from './positions';
import { consensusAvailableActions } from './consensus';

type Kind = NodeActions['actions'][number]['kind'];
const KINDS: Kind[] = ['switchover', 'failover', 'fence', 'unfence', 'rejoin', 'transfer-leadership'];

/** What each node of an agent cluster can do now, with the reason for what it cannot. */
export function agentAvailableActions(sample: ClusterSample, kind: ClusterKind | null): NodeActions[] {
  if (kind === 'consensus') return consensusAvailableActions(sample);
  if (kind !== 'primary-replica') {
    const why = `${kind ?? 'this'} clusters have no primary to switch over; see the consensus or conflict tools`;
    return sample.nodes.map((n) => ({ nodeId: n.id, actions: KINDS.map((k) => ({ kind: k, available: false, why })) }));
  }
  const primary = currentPrimary(sample);
  const primaryUp = primary !== null && isUp(primary);
  return sample.nodes.map((n) => {
    const up = isUp(n);
    const down = up ? null : `${n.name} is ${n.status.kind}`;
    const verdict = (kind: Kind, why: string | null) => ({ kind, available: why === null, why });
    const replica = isReplica(n);
    const newerPrimary = primary !== null && primary.id !== n.id && n.role === 'primary';
    return {
      nodeId: n.id,
      actions: [
        verdict('switchover', down ?? (!replica ? 'only a replica can be switched over to' : !primaryUp ? 'the primary is not up: use failover' : null)),
        verdict('failover', down ?? (!replica ? 'only a replica can be failed over to' : primaryUp ? `the primary ${primary!.name} is up: use switchover, which loses nothing` : null)),
        verdict('fence', down ?? (n.role !== 'primary' ? 'only a primary takes writes to fence' : n.readOnly ? 'already fenced' : null)),
        verdict('unfence', down ?? (n.role !== 'primary' || !n.readOnly ? 'only a fenced primary can be unfenced' : null)),
        verdict('rejoin', down ?? (newerPrimary || n.status.kind === 'degraded' ? null : 'rejoin is for an old primary or a replica that lost its stream')),
        verdict('transfer-leadership', 'a primary/replica cluster has no consensus leader: use switchover'),
      ],
    };
  });
}
