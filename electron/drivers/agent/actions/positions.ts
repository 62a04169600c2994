import type { ClusterNode } from '../../../../shared/model/node';
import type { ClusterSample } from '../../../../shared/model/sample';

/** An `X/Y` log position (LSN style) as a number of bytes; null when absent or unreadable. */
export function parsePosition(text: string | null | undefined): number | null {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text ?? '');
  return m ? parseInt(m[1]!, 16) * 2 ** 32 + parseInt(m[2]!, 16) : null;
}

export const isUp = (n: ClusterNode) => n.status.kind === 'up' || n.status.kind === 'degraded';

/** The writable primary: up, role primary, and the highest timeline if several claim it. */
export function currentPrimary(sample: ClusterSample): ClusterNode | null {
  const primaries = sample.nodes.filter((n) => n.role === 'primary');
  const live = primaries.filter(isUp).sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0));
  return live[0] ?? primaries.sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0))[0] ?? null;
}

export const isReplica = (n: ClusterNode) => n.role === 'replica' || n.role === 'cascading-replica';

export function incomingLink(sample: ClusterSample, nodeId: string) {
  return sample.links.find((l) => l.to === nodeId) ?? null;
}
