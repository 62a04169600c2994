import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterNode } from '../../../../shared/model/node';
import type { ClusterSample } from '../../../../shared/model/sample';
import { formatMs } from '../../../core/events/format';
import { parseServerAddress } from '../server-address';
import { manualRejoinCommand } from './steps';

type Kind = NodeActions['actions'][number]['kind'];
type Offer = NodeActions['actions'][number];

const yes = (kind: Kind): Offer => ({ kind, available: true, why: null });
const no = (kind: Kind, why: string): Offer => ({ kind, available: false, why });
/** What the driver really does (steps.ts): a switchover fences and rejoins; a failover fences now or on return (core's standing order). */
const FENCE_WHY = 'no fence action of its own for MariaDB yet: a switchover fences the old primary, and a failover fences it now or the moment it answers again (read_only = 1, client sessions ended)';
const UNFENCE_WHY = 'no unfence action for MariaDB yet: SET GLOBAL read_only = 0 by hand, only once no other server accepts writes';

/** Limits of what is offered (a plan carries the request's own). */
export interface OfferLimits {
  maxLagTransactions: number;
  maxLagMs: number;
  /** The login replicas connect with (spec.replication, else spec.auth): shown in the by-hand rejoin. */
  replicationUser?: string;
}

const answers = (n: ClusterNode) => n.status.kind === 'up' || n.status.kind === 'degraded';
/** A primary that takes writes: read now, read_only off, not fenced. */
const writablePrimary = (n: ClusterNode) => n.role === 'primary' && answers(n) && !n.readOnly && n.fenced !== true;

/**
 * Per node, which actions can run now and why not. A direct replica of a
 * primary is offered switchover when the primary answers and it replicates
 * within the limits, failover when the primary is down. A fenced old primary
 * beside a writable one is told how to rejoin by hand (the failover's last
 * step). Galera peers without async channels get none of these (desync/resync
 * are the Galera planner's). Pure: reads one sample.
 */
export function mariadbAvailableActions(sample: ClusterSample, limits: OfferLimits): NodeActions[] {
  const byId = new Map(sample.nodes.map((n) => [n.id, n]));
  const multi = sample.links.some((l) => sample.links.some((m) => m.from === l.to && m.to === l.from));
  return sample.nodes.map((n) => {
    if (n.role === 'peer' && !sample.links.some((l) => l.from === n.id || l.to === n.id)) return { nodeId: n.id, actions: [] };
    const writer = sample.nodes.find((w) => w.id !== n.id && writablePrimary(w));
    const oldPrimary = n.role === 'primary' && answers(n) && (n.readOnly || n.fenced === true) && writer !== undefined ? writer : null;
    const rest = [no('fence', FENCE_WHY), no('unfence', UNFENCE_WHY), oldPrimary ? rejoinByHand(n, oldPrimary, limits) : no('rejoin', 'only a fenced old primary rejoins (a switchover rejoins it itself)')];
    if (oldPrimary) {
      const why = `${n.name} is the fenced old primary: rejoin it as a replica of ${oldPrimary.name} (by hand), then switch over to it from there`;
      return { nodeId: n.id, actions: [no('switchover', why), no('failover', why), ...rest] };
    }
    const cycle = 'master-master (a replication cycle): there is no single primary to switch from';
    const [sw, fo] = multi ? [cycle, cycle] : promotion(n, sample, byId, limits);
    return { nodeId: n.id, actions: [sw === null ? yes('switchover') : no('switchover', sw), fo === null ? yes('failover') : no('failover', fo), ...rest] };
  });
}

/** Rejoin is the admin's step (CHANGE MASTER … MASTER_USE_GTID = slave_pos; START SLAVE): the text is the failover plan's. */
function rejoinByHand(old: ClusterNode, writer: ClusterNode, limits: OfferLimits): Offer {
  const a = parseServerAddress(writer.address);
  const endpoint = a.ok ? { host: a.value.host, port: a.value.port, user: limits.replicationUser ?? '<replication user>' } : { host: writer.address, port: 0, user: limits.replicationUser ?? '<replication user>' };
  const how = manualRejoinCommand(old.name, writer.name, endpoint);
  return {
    ...no('rejoin', `not an action for MariaDB yet: rejoin ${old.name} as a replica of ${writer.name} by hand, as the failover plan's last step says — ${how}`),
    byHand: `rejoin ${old.name} as a replica of ${writer.name} by hand — ${how}`,
  };
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
