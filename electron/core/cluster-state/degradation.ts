import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { formatBytes, formatMs } from '../events/format';

export interface LagLimits {
  lagThresholdBytes: number;
  lagThresholdMs: number;
}

export interface Degradation {
  title: string;
  nodes: ClusterNode[];
  startedAt?: number;
}

/** Why a cluster with its writers in place is degraded: a node down or not streaming, or a link past its lag limit. Null when healthy. */
export function degradation(sample: ClusterSample, limits: LagLimits): Degradation | null {
  const notUp = sample.nodes.filter((n) => n.status.kind !== 'up');
  if (notUp.length > 0) {
    const since = notUp.flatMap((n) => (n.status.kind === 'down' || n.status.kind === 'unreachable' ? [n.status.since] : []));
    const what = notUp.map((n) => `${n.name} ${n.status.kind}`).join(', ');
    return { title: what, nodes: notUp, ...(since.length ? { startedAt: Math.min(...since) } : {}) };
  }
  const byId = new Map(sample.nodes.map((n) => [n.id, n]));
  const lagging = sample.links.flatMap((l) => {
    const bytes = l.lag.bytes.replay ?? l.lag.bytes.sent;
    const ms = l.lag.ms.replay;
    const to = byId.get(l.to);
    if (!to) return [];
    if (l.state === 'broken' || l.state === 'stopped') return [{ node: to, why: `${to.name} replication ${l.state}` }];
    if (bytes !== null && bytes > limits.lagThresholdBytes) return [{ node: to, why: `${to.name} lag ${formatBytes(bytes)} > ${formatBytes(limits.lagThresholdBytes)}` }];
    if (ms !== null && ms > limits.lagThresholdMs) return [{ node: to, why: `${to.name} lag ${formatMs(ms)} > ${formatMs(limits.lagThresholdMs)}` }];
    return [];
  });
  if (lagging.length === 0) return null;
  return { title: lagging.map((x) => x.why).join(', '), nodes: lagging.map((x) => x.node) };
}
