import type { Cluster } from '../../../shared/model/cluster';
import type { ClusterNode } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterEvent } from '../../../shared/model/event';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { MonitorDelta } from '../../../shared/ipc/delta';

export function cluster(id: string, over: Partial<Cluster> = {}): Cluster {
  return { id, name: `name-${id}`, engine: 'postgres', kind: 'primary-replica', sandbox: false, sampleIntervalMs: 1000, status: { kind: 'live' }, ...over };
}

export function node(id: string, over: Partial<ClusterNode> = {}): ClusterNode {
  return { id, name: id, address: `127.0.0.1:${id}`, role: 'replica', status: { kind: 'up' }, version: '15', lastSeenAt: 1_000, ...over };
}

export function link(from: string, to: string, replayBytes = 100, measuredAt = 1_000): ReplicationLink {
  return {
    id: `${from}->${to}`,
    from,
    to,
    state: 'streaming',
    sync: 'async',
    lag: { bytes: { sent: 10, write: 20, flush: 30, replay: replayBytes }, ms: { write: 1, flush: 2, replay: 3 }, measuredAt, source: 'test' },
  };
}

export function sample(clusterId: string, takenAt: number, nodes: ClusterNode[], links: ReplicationLink[] = []): ClusterSample {
  return { clusterId, takenAt, durationMs: 2, nodes, links, slots: [], consensus: null, queriesPerNode: 1, warnings: [] };
}

export function event(id: string, clusterId: string, at: number, over: Partial<ClusterEvent> = {}): ClusterEvent {
  return { id, clusterId, at, kind: 'node-up', severity: 'info', nodeId: null, message: `event ${id}`, ...over };
}

export function point(at: number, replayBytes: number | null = at, replayMs: number | null = 1): LagPoint {
  return { at, sentBytes: 1, writeBytes: 2, flushBytes: 3, replayBytes, writeMs: 1, flushMs: 1, replayMs };
}

export function delta(over: Partial<MonitorDelta> = {}): MonitorDelta {
  return { seq: 1, at: 1_000, clusters: [], removedClusterIds: [], samples: [], events: [], lagPoints: [], actions: [], conflicts: [], headlines: [], locking: [], bulk: [], dropped: 0, ...over };
}
