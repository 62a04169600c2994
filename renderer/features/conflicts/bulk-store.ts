import { create } from 'zustand';
import type { BulkRun } from '../../../shared/ipc/conflict-bulk';

/** What a bulk run started from this window does: resolve open conflicts, or review the engine's decisions. */
export type BulkKind = 'resolve' | 'review';

/** The newest bulk resolution of each cluster, from the deltas (and the finished answer of `conflicts:bulkResolve`). */
export const useBulkRuns = create<{ byCluster: Readonly<Record<string, BulkRun>>; kindOf: Readonly<Record<string, BulkKind>> }>(() => ({ byCluster: {}, kindOf: {} }));

/** Upserts by cluster; an older record of the same run (a late delta) never replaces a newer one. */
export function applyBulkRuns(runs: readonly BulkRun[]): void {
  useBulkRuns.setState((s) => {
    const byCluster = { ...s.byCluster };
    let changed = false;
    for (const r of runs) {
      const had = byCluster[r.clusterId];
      if (had && had.id === r.id && (had.finished || had.done > r.done)) continue;
      byCluster[r.clusterId] = r;
      changed = true;
    }
    return changed ? { ...s, byCluster } : s;
  });
}

/** Noted when this window starts a run on the cluster, so its progress reads "Reviewing…" or "Resolving…". */
export function noteBulkKind(clusterId: string, kind: BulkKind): void {
  useBulkRuns.setState((s) => (s.kindOf[clusterId] === kind ? s : { ...s, kindOf: { ...s.kindOf, [clusterId]: kind } }));
}
