import { create } from 'zustand';
import type { EngineDetail } from '../../../shared/engines';
import type { ClusterSample } from '../../../shared/model/sample';
import { keepIfSame, withoutKeys } from '../../lib/same';

/** The engine-specific part of a cluster's newest sample, and when that sample was taken. */
export interface EngineDetailEntry {
  readonly takenAt: number;
  readonly detail: EngineDetail | null;
}

export interface EngineDetailState {
  byCluster: Readonly<Record<string, EngineDetailEntry>>;
}

/**
 * `ClusterSample.engineDetail` by cluster (the topology store keeps the common model only).
 * Any engine's detail lands here; each engine's panels pick their own member of the union.
 */
export const useEngineDetail = create<EngineDetailState>(() => ({ byCluster: {} }));

/** Folds samples in; an older sample arriving late is ignored, an unchanged detail keeps its identity. */
export function applyEngineDetails(samples: readonly ClusterSample[]): void {
  useEngineDetail.setState((s) => {
    let byCluster: Record<string, EngineDetailEntry> | null = null;
    for (const sample of samples) {
      const prev = (byCluster ?? s.byCluster)[sample.clusterId];
      if (prev && sample.takenAt <= prev.takenAt) continue;
      const detail = keepIfSame(prev?.detail ?? undefined, sample.engineDetail ?? undefined) ?? null;
      byCluster ??= { ...s.byCluster };
      byCluster[sample.clusterId] = { takenAt: sample.takenAt, detail };
    }
    return byCluster ? { byCluster } : s;
  }, true);
}

export function removeEngineDetails(clusterIds: readonly string[]): void {
  useEngineDetail.setState((s) => {
    const byCluster = withoutKeys(s.byCluster, clusterIds);
    return byCluster === s.byCluster ? s : { byCluster };
  }, true);
}
