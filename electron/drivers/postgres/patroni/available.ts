import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { memberNodeId } from './annotate';
import type { PatroniView } from './probe';
import { isLeaderRole, isRunningState, type PatroniMember } from './schemas';

type Kind = NodeActions['actions'][number]['kind'];
const yes = (kind: Kind) => ({ kind, available: true, why: null });
const no = (kind: Kind, why: string) => ({ kind, available: false, why });

/** Host-level actions Patroni does itself; doing them by SQL would fight it. */
function managedByPatroni() {
  return [
    no('fence', 'Patroni manages this cluster: fencing by SQL would fight it (patronictl pause first, or let Patroni demote)'),
    no('unfence', 'Patroni manages this cluster: it sets read-only and read-write itself'),
    no('rejoin', 'Patroni rejoins a former leader itself (pg_rewind when use_pg_rewind is on, or patronictl reinit)'),
  ];
}

/**
 * Per node, what can run on a Patroni-managed cluster: switchover and failover
 * through Patroni's REST API, judged from its own member list. `error` is set
 * when Patroni did not answer this time: nothing is offered until it does.
 */
export function patroniAvailableActions(sample: ClusterSample, view: PatroniView | null, error: string | null, maxLagBytes: number): NodeActions[] {
  const members = view?.cluster.members ?? [];
  const leader = members.find((m) => isLeaderRole(m.role) && isRunningState(m.state)) ?? null;
  return sample.nodes.map((n) => {
    const m = members.find((x) => memberNodeId(x) === n.id) ?? null;
    return { nodeId: n.id, actions: [...promotion(m, leader, view, error, maxLagBytes), ...managedByPatroni()] };
  });
}

function promotion(m: PatroniMember | null, leader: PatroniMember | null, view: PatroniView | null, error: string | null, maxLagBytes: number) {
  if (!view || error) {
    const why = `Patroni's REST API does not answer${error ? `: ${error}` : ''}`;
    return [no('switchover', why), no('failover', why)];
  }
  if (!m) return [no('switchover', 'not a Patroni member'), no('failover', 'not a Patroni member')];
  if (isLeaderRole(m.role)) return [no('switchover', 'already the Patroni leader'), no('failover', 'already the Patroni leader')];
  if (!isRunningState(m.state)) return [no('switchover', `Patroni reports it ${m.state}`), no('failover', `Patroni reports it ${m.state}`)];
  if (m.tags?.nofailover) return [no('switchover', 'tagged nofailover in Patroni'), no('failover', 'tagged nofailover in Patroni')];
  if (!leader) return [no('switchover', 'Patroni has no running leader: fail over instead'), yes('failover')];
  const lagWhy = typeof m.lag === 'number' && m.lag > maxLagBytes ? `Patroni reports lag ${m.lag} bytes > ${maxLagBytes} limit` : typeof m.lag === 'string' ? `Patroni reports lag ${m.lag}` : null;
  return [lagWhy ? no('switchover', lagWhy) : yes('switchover'), no('failover', `the Patroni leader ${leader.name} is running: switch over instead`)];
}
