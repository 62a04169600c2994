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

/** The node that holds the writer role (primary/leader), preferring one that is up; null if none. */
export function writerOf(t: StoredTopology | null): string | null {
  if (!t) return null;
  const writers = t.nodes.filter((n) => WRITER_ROLES.has(n.role));
  return (writers.find((n) => n.status.kind !== 'down') ?? writers[0])?.id ?? null;
}

export interface Promotion {
  from: string | null;
  to: string;
  /** The node that was the writer last known came back to that role (stopped and started): not a failover. */
  restart: boolean;
}

/**
 * Nodes that became primary (or leader) between two topologies. `lastWriter` is the last node known
 * to hold the role (it may be down in `before`): that same node returning is a restart, not a failover.
 */
export function promotions(before: StoredTopology | null, after: StoredTopology, lastWriter: string | null = writerOf(before)): Promotion[] {
  if (!before) return [];
  const was = before.nodes.filter((n) => WRITER_ROLES.has(n.role) && n.status.kind !== 'down').map((n) => n.id);
  const out: Promotion[] = [];
  for (const n of after.nodes) {
    if (!WRITER_ROLES.has(n.role) || n.status.kind === 'down' || was.includes(n.id)) continue;
    const earlier = before.nodes.find((b) => b.id === n.id);
    if (!earlier) continue; // a node seen for the first time is discovery, not a failover
    if (n.id === lastWriter) out.push({ from: n.id, to: n.id, restart: true });
    else out.push({ from: lastWriter ?? was.find((id) => id !== n.id) ?? null, to: n.id, restart: false });
  }
  return out;
}

/** Display name of a node in a stored topology (its id when the topology does not have it). */
export function nameIn(t: StoredTopology | null, id: string): string {
  return t?.nodes.find((n) => n.id === id)?.name || id;
}
