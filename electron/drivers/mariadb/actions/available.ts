import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterNode } from '../../../../shared/model/node';
import type { ClusterSample } from '../../../../shared/model/sample';
import { formatMs } from '../../../core/events/format';

type Kind = NodeActions['actions'][number]['kind'];

const yes = (kind: Kind) => ({ kind, available: true, why: null });
const no = (kind: Kind, why: string) => ({ kind, available: false, why });
const NOT_BUILT = 'not built for MariaDB yet: switchover and failover fence and rejoin the old primary themselves';

/** Limits of what is offered (a plan carries the request's own). */
export interface OfferLimits {
  maxLagTransactions: number;
  maxLagMs: number;
}

/**
 * Per node, which actions can run now and why not. A direct replica of a
 * primary is offered switchover when the primary answers and it replicates
 * within the limits, failover when the primary is down. Pure: reads one sample.
 */
export function mariadbAvailableActions(sample: ClusterSample, limits: OfferLimits): NodeActions[] {
  const byId = new Map(sample.nodes.map((n) => [n.id, n]));
  const multi = sample.links.some((l) => sample.links.some((m) => m.from === l.to && m.to === l.from));
  return sample.nodes.map((n) => {
    const rest = [no('fence', NOT_BUILT), no('unfence', NOT_BUILT), no('rejoin', NOT_BUILT)];
    const cycle = 'master-master (a replication cycle): there is no single primary to switch from';
    const [sw, fo] = multi ? [cycle, cycle] : promotion(n, sample, byId, limits);
    return { nodeId: n.id, actions: [sw === null ? yes('switchover') : no('switchover', sw), fo === null ? yes('failover') : no('failover', fo), ...rest] };
  });
}

/** [why not switchover, why not failover]; null where it is offered. */
function promotion(n: ClusterNode, sample: ClusterSample, byId: Map<string, ClusterNode>, limits: OfferLimits): [string | null, string | null] {
  if (n.role === 'primary') return ['it is the primary', 'it is the primary'];
  if (n.role !== 'replica') return [`${n.name} replicates from a replica: promote a replica of the primary`, `${n.name} replicates from a replica: promote a replica of the primary`];
  if (n.status.kind === 'down' || n.status.kind === 'unreachable') return [`${n.name} is ${n.status.kind}`, `${n.name} is ${n.status.kind}`];
  const links = sample.links.filter((l) => l.to === n.id);
  const link = links[0];
  if (links.length !== 1 || !link) return ['multi-source replica: not supported', 'multi-source replica: not supported'];
  const primary = byId.get(link.from);
  const primaryUp = primary !== undefined && primary.status.kind !== 'down' && primary.status.kind !== 'unreachable';
  if (!primaryUp) return ['the primary does not answer: fail over instead', null];
  const failoverWhy = `${primary.name} answers: switch over instead`;
  if (link.state !== 'streaming') return [`not replicating (${link.state})`, failoverWhy];
  const behind = link.lag.transactions?.behind ?? 0;
  const ms = link.lag.ms.replay;
  if (behind > limits.maxLagTransactions) return [`${behind} transactions behind (limit ${limits.maxLagTransactions})`, failoverWhy];
  if (ms !== null && ms > limits.maxLagMs) return [`lag ${formatMs(ms)} > ${formatMs(limits.maxLagMs)} limit`, failoverWhy];
  return [null, failoverWhy];
}
