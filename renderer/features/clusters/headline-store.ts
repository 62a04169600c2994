import { create } from 'zustand';
import type { ClusterHeadline, HeadlineState } from '../../../shared/model/cluster-state';
import { assertNever } from '../../../shared/result';
import { same, withoutKeys } from '../../lib/same';

/** Each cluster's headline state, as the core computed it from its newest sample. */
export interface HeadlinesState {
  byCluster: Readonly<Record<string, ClusterHeadline>>;
}

export const useHeadlines = create<HeadlinesState>(() => ({ byCluster: {} }));

/** Headlines from a delta or a resync; an older reading never replaces a newer one. */
export function setHeadlines(list: readonly ClusterHeadline[]): void {
  useHeadlines.setState((s) => {
    let byCluster: Record<string, ClusterHeadline> | null = null;
    for (const h of list) {
      const prev = (byCluster ?? s.byCluster)[h.clusterId];
      if (same(prev, h) || (prev && prev.asOf > h.asOf)) continue;
      byCluster ??= { ...s.byCluster };
      byCluster[h.clusterId] = h;
    }
    return byCluster ? { byCluster } : s;
  }, true);
}

export function removeHeadlines(clusterIds: readonly string[]): void {
  useHeadlines.setState((s) => {
    const byCluster = withoutKeys(s.byCluster, clusterIds);
    return byCluster === s.byCluster ? s : { byCluster };
  }, true);
}

/** What the headline says about one node, for its colour on the graph: null when it is not involved. */
export type NodeHeadlineRole = 'split-brain' | 'fenced-old-primary' | 'lost-primary' | 'no-leader' | 'degraded' | null;

export function nodeHeadlineRole(s: HeadlinesState, clusterId: string, nodeId: string): NodeHeadlineRole {
  const h = s.byCluster[clusterId];
  if (!h || !h.nodeIds.includes(nodeId)) return null;
  return roleFor(h.state, h.nodeIds.indexOf(nodeId), h.nodeIds.length);
}

function roleFor(state: HeadlineState, index: number, count: number): NodeHeadlineRole {
  switch (state) {
    case 'healthy':
    case 'partly-read':
      return null;
    case 'split-brain':
      return 'split-brain';
    case 'fenced-old-primary':
      // The fenced node(s) come first; the writable primary is listed last and is fine.
      return index < count - 1 ? 'fenced-old-primary' : null;
    case 'primary-down':
    case 'primary-unreachable':
    case 'no-server-answers':
      return 'lost-primary';
    case 'no-writable-primary':
      return 'fenced-old-primary';
    case 'no-leader':
      return 'no-leader';
    case 'degraded':
      return 'degraded';
    default:
      return assertNever(state, 'headline state');
  }
}
