import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterNode } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';

/** What the topology is, without the figures that move every sample (positions, lag, last seen). */
export interface StoredTopology {
  nodes: Omit<ClusterNode, 'lastSeenAt' | 'position' | 'notes'>[];
  links: Omit<ReplicationLink, 'lag'>[];
  leader: string | null;
  term: string | null;
}

export function topologyOf(sample: ClusterSample): StoredTopology {
  return {
    nodes: sample.nodes.map(({ lastSeenAt: _s, position: _p, notes: _n, ...rest }) => rest),
    links: sample.links.map(({ lag: _l, ...rest }) => rest),
    leader: sample.consensus?.leaderId ?? null,
    term: sample.consensus?.term ?? null,
  };
}

const WRITER_ROLES = new Set(['primary', 'leader']);

/** Nodes that became primary (or leader) between two topologies, with the one that was before. */
export function promotions(before: StoredTopology | null, after: StoredTopology): { from: string | null; to: string }[] {
  if (!before) return [];
  const was = before.nodes.filter((n) => WRITER_ROLES.has(n.role) && n.status.kind !== 'down').map((n) => n.id);
  const out: { from: string | null; to: string }[] = [];
  for (const n of after.nodes) {
    if (!WRITER_ROLES.has(n.role) || was.includes(n.id)) continue;
    const earlier = before.nodes.find((b) => b.id === n.id);
    if (!earlier) continue; // a node seen for the first time is discovery, not a failover
    out.push({ from: was.find((id) => id !== n.id) ?? null, to: n.id });
  }
  return out;
}
