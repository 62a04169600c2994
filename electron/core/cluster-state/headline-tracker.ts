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
  /** The action running on the cluster now (ActionService), if any: its own window looks like an outage. */
  running?(clusterId: string): { kind: string; target: string } | null;
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
    const shown = duringAction(next, sources.running?.(clusterId) ?? null);
    this.byCluster.set(clusterId, shown);
    return shown;
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

/**
 * While ReplicaDesk's own switchover or failover runs, the cluster passes through states that would
 * otherwise call for action (the old primary fenced or stopped: "primary down"). The state stays what
 * was read; the advice says the action is running instead of offering another one.
 */
export function duringAction(h: ClusterHeadline, running: { kind: string; target: string } | null): ClusterHeadline {
  if (!running || h.state === 'healthy') return h;
  return { ...h, suggestion: { kind: null, target: null, text: `${running.kind} to ${running.target} is running: expected while it runs, no other action offered` } };
}
