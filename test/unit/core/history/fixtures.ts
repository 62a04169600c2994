import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MonitorDelta } from '../../../../shared/ipc/delta';
import type { ClusterSample } from '../../../../shared/model/sample';
import type { ClusterNode, NodeRole } from '../../../../shared/model/node';
import type { LagPoint } from '../../../../shared/model/lag-point';
import type { Alarm } from '../../../../shared/model/event';
import { HistoryStore } from '../../../../electron/core/history/history-store';
import { createLogger } from '../../../../electron/core/logger';

export function tempFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'rd-history-')), 'history.db');
}

export function store(file: string, clock: { t: number }, extra: Partial<ConstructorParameters<typeof HistoryStore>[0]> = {}): HistoryStore {
  return new HistoryStore({ file, now: () => clock.t, log: createLogger('test-history'), flushEveryMs: 0, maintainEveryMs: 0, ...extra });
}

export function node(id: string, role: NodeRole): ClusterNode {
  return { id, name: id, address: id, role, status: { kind: 'up' }, version: '15', lastSeenAt: 0 };
}

export function sample(clusterId: string, at: number, primary: string, replicas: string[], alarms: Alarm[] = []): ClusterSample {
  return {
    clusterId,
    takenAt: at,
    durationMs: 3,
    nodes: [node(primary, 'primary'), ...replicas.map((r) => node(r, 'replica'))],
    links: replicas.map((r) => ({
      id: `${primary}->${r}`,
      from: primary,
      to: r,
      state: 'streaming' as const,
      sync: 'async' as const,
      lag: { bytes: { sent: 0, write: 0, flush: 0, replay: at % 1000 }, ms: { write: 0, flush: 0, replay: 5 }, measuredAt: at, source: 'test' },
    })),
    slots: [],
    consensus: null,
    queriesPerNode: 1,
    warnings: [],
    alarms,
  };
}

export function point(at: number, replayBytes: number): LagPoint {
  return { at, sentBytes: 0, writeBytes: 0, flushBytes: 0, replayBytes, writeMs: 0, flushMs: 0, replayMs: replayBytes / 10 };
}

export function delta(parts: Partial<MonitorDelta>): MonitorDelta {
  return { seq: 0, at: 0, clusters: [], removedClusterIds: [], samples: [], events: [], lagPoints: [], actions: [], conflicts: [], bulk: [], headlines: [], locking: [], dropped: 0, ...parts };
}
