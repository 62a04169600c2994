import type { ClusterSample } from '../../../shared/model/sample';
import type { DriverEvent } from '../driver';
import { namesOf } from '../alarms/names';

/**
 * Turns two successive samples of a cluster into the events that are facts,
 * not conditions: role changes, a new Raft leader, a link that ended. Conditions
 * that hold until they clear (node down, link broken, lag, slots, split brain)
 * are alarms: see ../alarms/. Pure: the same two samples give the same events.
 */
export function diffSamples(prev: ClusterSample | null, next: ClusterSample): DriverEvent[] {
  const out: DriverEvent[] = [];
  const at = next.takenAt;
  const names = namesOf(next, prev);
  const prevNodes = new Map(prev?.nodes.map((n) => [n.id, n]));
  for (const node of next.nodes) {
    const before = prevNodes.get(node.id);
    if (before && before.role !== node.role && node.role !== 'unknown' && before.role !== 'unknown') {
      out.push({ at, kind: 'role-change', severity: 'warning', nodeId: node.id, message: `${names.node(node.id)} changed role: ${before.role} → ${node.role}` });
    }
  }
  const prevLinks = new Map(prev?.links.map((l) => [l.id, l]));
  for (const link of next.links) {
    const before = prevLinks.get(link.id);
    if (link.state === 'ended' && before && before.state !== 'ended') {
      out.push({ at, kind: 'link-ended', severity: 'info', nodeId: link.to, message: `replication ${names.link(link.from, link.to)} ended: neither side reports it any more` });
    }
  }
  const leader = next.consensus?.leaderId ?? null;
  if (prev && next.consensus && leader && leader !== (prev.consensus?.leaderId ?? null)) {
    out.push({ at, kind: 'leader-change', severity: 'warning', nodeId: leader, message: `new leader ${names.node(leader)} in term ${next.consensus.term}` });
  }
  return out;
}
