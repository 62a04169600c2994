import type { PoolerReading } from '../../../shared/model/pooler';
import type { Normalized } from '../../lib/normalized';

/** A pooler in the graph and the cluster nodes its databases route to (sorted, each once). */
export interface PoolerRoutes {
  readonly id: string;
  readonly targets: readonly string[];
}

export const NO_POOLERS: readonly PoolerRoutes[] = [];

/** The route edge id of a pooler → node arrow; never a replication link's id. */
export const routeEdgeId = (poolerId: string, nodeId: string) => `route|${poolerId}|${nodeId}`;

export function poolerRoutesOf(poolers: Normalized<PoolerReading>): readonly PoolerRoutes[] {
  if (poolers.ids.length === 0) return NO_POOLERS;
  return poolers.ids.map((id) => {
    const p = poolers.byId[id] as PoolerReading;
    const targets = [...new Set(p.databases.map((d) => d.targetNodeId).filter((t): t is string => t !== null))].sort();
    return { id, targets };
  });
}

export function samePoolerRoutes(a: readonly PoolerRoutes[], b: readonly PoolerRoutes[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((r, i) => {
    const o = b[i] as PoolerRoutes;
    return r.id === o.id && r.targets.length === o.targets.length && r.targets.every((t, k) => t === o.targets[k]);
  });
}
