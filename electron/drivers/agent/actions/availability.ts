import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import type { ClusterKind } from '../../../../shared/model/cluster';
import type { AgentCommandName } from '../../../../shared/agent/commands';
import { missingCapability, type AgentDirectory } from './capabilities';
import { currentPrimary, isReplica, isUp } from './positions';
import { consensusAvailableActions } from './consensus';

type Kind = NodeActions['actions'][number]['kind'];
const KINDS: Kind[] = ['switchover', 'failover', 'fence', 'unfence', 'rejoin', 'transfer-leadership'];

/** What each node of an agent cluster can do now, with the reason for what it cannot. */
export function agentAvailableActions(sample: ClusterSample, kind: ClusterKind | null, agents: AgentDirectory): NodeActions[] {
  if (kind === 'consensus') return consensusAvailableActions(sample);
  if (kind !== 'primary-replica') {
    const why = `${kind ?? 'this'} clusters have no primary to switch over; see the consensus or conflict tools`;
    return sample.nodes.map((n) => ({ nodeId: n.id, actions: KINDS.map((k) => ({ kind: k, available: false, why })) }));
  }
  const primary = currentPrimary(sample);
  const primaryUp = primary !== null && isUp(primary);
  const name = (id: string) => sample.nodes.find((n) => n.id === id)?.name ?? id;
  /** The first command of an action that the agent on its node did not announce, in words; null when all were. */
  const unannounced = (needs: readonly (readonly [string, AgentCommandName])[]) =>
    needs.map(([node, command]) => missingCapability(agents, node, name(node), command)).find((x) => x !== null) ?? null;
  return sample.nodes.map((n) => {
    const up = isUp(n);
    const down = up ? null : `${n.name} is ${n.status.kind}`;
    const verdict = (kind: Kind, why: string | null) => ({ kind, available: why === null, why });
    const replica = isReplica(n);
    const newerPrimary = primary !== null && primary.id !== n.id && n.role === 'primary';
    const others = sample.nodes.filter((o) => isReplica(o) && o.id !== n.id).map((o) => [o.id, 'repoint'] as const);
    const old = primary && primary.id !== n.id ? [[primary.id, 'fence'] as const, [primary.id, 'rejoin'] as const] : [];
    return {
      nodeId: n.id,
      actions: [
        verdict('switchover', down ?? (!replica ? 'only a replica can be switched over to' : !primaryUp ? 'the primary is not up: use failover' : unannounced([[n.id, 'promote'], ...old, ...others]))),
        verdict('failover', down ?? (!replica ? 'only a replica can be failed over to' : primaryUp ? `the primary ${primary!.name} is up: use switchover, which loses nothing` : unannounced([[n.id, 'promote'], ...others]))),
        verdict('fence', down ?? (n.role !== 'primary' ? 'only a primary takes writes to fence' : n.readOnly ? 'already fenced' : unannounced([[n.id, 'fence']]))),
        verdict('unfence', down ?? (n.role !== 'primary' || !n.readOnly ? 'only a fenced primary can be unfenced' : unannounced([[n.id, 'unfence']]))),
        verdict('rejoin', down ?? (newerPrimary || n.status.kind === 'degraded' ? unannounced([[n.id, 'rejoin']]) : 'rejoin is for an old primary or a replica that lost its stream')),
        verdict('transfer-leadership', 'a primary/replica cluster has no consensus leader: use switchover'),
      ],
    };
  });
}
