import { create } from 'zustand';
import type { Cluster } from '../../../shared/model/cluster';
import { emptyNormalized, reconcile, removeMany, upsertMany, type Normalized } from '../../lib/normalized';

export interface ClustersState extends Normalized<Cluster> {
  selectedId: string | null;
}

export const useClusters = create<ClustersState>(() => ({ ...emptyNormalized<Cluster>(), selectedId: null }));

const idOf = (c: Cluster) => c.id;

/** Keeps the selection valid: the selected cluster if it still exists, else the first one. */
function withSelection(state: ClustersState, next: Normalized<Cluster>): ClustersState {
  const keep = state.selectedId !== null && next.byId[state.selectedId] !== undefined;
  const selectedId = keep ? state.selectedId : (next.ids[0] ?? null);
  if (next === state && selectedId === state.selectedId) return state;
  return { ids: next.ids, byId: next.byId, selectedId };
}

/** Clusters that appeared or changed (from a delta). */
export function upsertClusters(clusters: readonly Cluster[]): void {
  useClusters.setState((s) => withSelection(s, upsertMany(s, clusters, idOf)), true);
}

/** The full list (from `clusters:list`): anything not in it is gone. */
export function replaceClusters(clusters: readonly Cluster[]): void {
  useClusters.setState((s) => withSelection(s, reconcile(s, clusters, idOf)), true);
}

export function removeClusters(ids: readonly string[]): void {
  useClusters.setState((s) => withSelection(s, removeMany(s, ids)), true);
}

export function selectCluster(id: string | null): void {
  useClusters.setState((s) => (s.selectedId === id ? s : { ...s, selectedId: id }), true);
}

export function selectedCluster(): Cluster | null {
  const s = useClusters.getState();
  return s.selectedId === null ? null : (s.byId[s.selectedId] ?? null);
}
