import { create } from 'zustand';
import type { NodeActions } from '../../../shared/model/action';
import { same } from '../../lib/same';

export type NodeAction = NodeActions['actions'][number];

/** What `actions:available` last said for a cluster; only `failed` carries a reason. */
export type Availability =
  | { kind: 'loading' }
  | { kind: 'ready'; byNode: Readonly<Record<string, readonly NodeAction[]>>; at: number }
  | { kind: 'failed'; reason: string; code: string; at: number };

export interface AvailableState {
  byCluster: Readonly<Record<string, Availability>>;
}

export const useAvailable = create<AvailableState>(() => ({ byCluster: {} }));

const LOADING: Availability = { kind: 'loading' };
export function availabilityOf(s: AvailableState, clusterId: string): Availability {
  return s.byCluster[clusterId] ?? LOADING;
}

const NONE: readonly NodeAction[] = [];
/** The actions of one node (empty while loading, on failure, or for an unknown node). */
export function nodeActionsOf(s: AvailableState, clusterId: string, nodeId: string): readonly NodeAction[] {
  const a = s.byCluster[clusterId];
  return a?.kind === 'ready' ? (a.byNode[nodeId] ?? NONE) : NONE;
}

/** Stores an answer; an answer equal to the previous one keeps the previous objects (no re-render). */
export function setAvailability(clusterId: string, next: Availability): void {
  useAvailable.setState((s) => {
    const prev = s.byCluster[clusterId];
    if (prev && prev.kind === next.kind) {
      if (next.kind === 'ready' && prev.kind === 'ready' && same(prev.byNode, next.byNode)) return s;
      if (next.kind === 'failed' && prev.kind === 'failed' && prev.reason === next.reason) return s;
      if (next.kind === 'loading') return s;
    }
    return { byCluster: { ...s.byCluster, [clusterId]: next } };
  }, true);
}

export function toByNode(list: readonly NodeActions[]): Record<string, readonly NodeAction[]> {
  const byNode: Record<string, readonly NodeAction[]> = {};
  for (const n of list) byNode[n.nodeId] = n.actions;
  return byNode;
}
