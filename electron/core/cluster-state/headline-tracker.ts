import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { NodeActions } from '../../../shared/model/action';
import type { ClusterSample } from '../../../shared/model/sample';
import type { Result } from '../../../shared/result';
import { clusterHeadline } from './headline';
import type { LagLimits } from './degradation';

export interface HeadlineSources {
  kindOf(clusterId: string): ClusterKind | null;
  limitsOf(clusterId: string): LagLimits;
  /** ActionService.available: what the driver offers per node for the latest sample. */
  available(clusterId: string): Result<NodeActions[]>;
}

/** Keeps each cluster's headline, recomputed from every sample; `since` carries over while the state holds. */
export class HeadlineTracker {
  private readonly byCluster = new Map<string, ClusterHeadline>();

  constructor(private readonly sources: HeadlineSources) {}

  update(clusterId: string, sample: ClusterSample): ClusterHeadline {
    const sources = this.sources;
    let offered: NodeActions[] | null = null;
    const next = clusterHeadline({
      sample,
      kind: sources.kindOf(clusterId),
      // Asked of the driver only when the headline proposes an action (not on every healthy sample).
      get available() {
        if (offered === null) {
          const r = sources.available(clusterId);
          offered = r.ok ? r.value : [];
        }
        return offered;
      },
      limits: sources.limitsOf(clusterId),
      previous: this.byCluster.get(clusterId) ?? null,
    });
    this.byCluster.set(clusterId, next);
    return next;
  }

  get(clusterId: string): ClusterHeadline | null {
    return this.byCluster.get(clusterId) ?? null;
  }

  list(): ClusterHeadline[] {
    return [...this.byCluster.values()];
  }

  forget(clusterId: string): void {
    this.byCluster.delete(clusterId);
  }
}
