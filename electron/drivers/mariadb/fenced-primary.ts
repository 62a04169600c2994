import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterNode } from '../../../shared/model/node';

const answers = (n: ClusterNode) => n.status.kind === 'up' || n.status.kind === 'degraded';

/**
 * A server with no channel (role `primary`) that is read_only while another answering server with
 * read_only off is the source of the replicas is the fenced old primary, not a second primary: it stays
 * `primary` (it has no upstream) with `fenced: true`, so the UI says so and nothing offers to switch over to it.
 * Galera peers and masters of a cycle writing both ways are not touched (their role is not `primary`
 * with a read_only twin). Pure.
 */
export function markFencedOldPrimaries(nodes: readonly ClusterNode[], links: readonly ReplicationLink[]): ClusterNode[] {
  const writerWithReplicas = nodes.some((w) => w.role === 'primary' && answers(w) && !w.readOnly && links.some((l) => l.from === w.id));
  if (!writerWithReplicas) return [...nodes];
  return nodes.map((n) => (n.role === 'primary' && answers(n) && n.readOnly && !links.some((l) => l.to === n.id) ? { ...n, fenced: true } : n));
}
