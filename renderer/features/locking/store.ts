import { create } from 'zustand';
import type { LockingLimits, LockingSnapshot } from '../../../shared/model/locking';
import { keepIfSame } from '../../lib/same';

/**
 * The panel's reading of one cluster, fed by the deltas (and one request on page load).
 * A failed request keeps the last snapshot and says why it is not fresh.
 */
export type LockingView =
  | { kind: 'loading' }
  | { kind: 'ready'; snapshot: LockingSnapshot; pollError: string | null }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'failed'; reason: string; code: string };

export type LimitsSave = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; limits: LockingLimits } | { kind: 'failed'; reason: string };

export interface LockingState {
  byCluster: Readonly<Record<string, LockingView>>;
  limitsSave: Readonly<Record<string, LimitsSave>>;
}

export const useLocking = create<LockingState>(() => ({ byCluster: {}, limitsSave: {} }));

const LOADING: LockingView = { kind: 'loading' };
const IDLE: LimitsSave = { kind: 'idle' };

function setView(clusterId: string, next: (prev: LockingView) => LockingView): void {
  useLocking.setState((s) => {
    const prev = s.byCluster[clusterId] ?? LOADING;
    const view = keepIfSame(prev, next(prev));
    return view === prev && s.byCluster[clusterId] !== undefined ? s : { ...s, byCluster: { ...s.byCluster, [clusterId]: view } };
  }, true);
}

/** A snapshot arrived: kept as is when nothing in it changed; one older than the snapshot shown is ignored. */
export function setSnapshot(clusterId: string, snapshot: LockingSnapshot): void {
  setView(clusterId, (prev) => {
    if (prev.kind === 'ready' && snapshot.takenAt < prev.snapshot.takenAt) return prev;
    return { kind: 'ready', snapshot: prev.kind === 'ready' ? keepIfSame(prev.snapshot, snapshot) : snapshot, pollError: null };
  });
}

/** The snapshots of one delta (the newest per cluster). */
export function applyLockingSnapshots(snapshots: readonly LockingSnapshot[]): void {
  for (const s of snapshots) setSnapshot(s.clusterId, s);
}

/** A request failed: an engine without locking shows its reason; otherwise the last snapshot stays, marked stale. */
export function setPollFailure(clusterId: string, code: string, reason: string): void {
  setView(clusterId, (prev) => {
    if (code === 'not-supported') return { kind: 'unsupported', reason };
    if (prev.kind === 'ready') return { ...prev, pollError: `${reason} (${code})` };
    return { kind: 'failed', reason, code };
  });
}

/** Forgets removed clusters. */
export function forgetLockingClusters(clusterIds: readonly string[]): void {
  useLocking.setState((s) => {
    if (!clusterIds.some((id) => s.byCluster[id] !== undefined)) return s;
    const byCluster = { ...s.byCluster };
    for (const id of clusterIds) delete byCluster[id];
    return { ...s, byCluster };
  }, true);
}

export function setLimitsSave(clusterId: string, save: LimitsSave): void {
  useLocking.setState((s) => ({ ...s, limitsSave: { ...s.limitsSave, [clusterId]: save } }), true);
}

export const viewOf = (s: LockingState, clusterId: string): LockingView => s.byCluster[clusterId] ?? LOADING;
export const limitsSaveOf = (s: LockingState, clusterId: string): LimitsSave => s.limitsSave[clusterId] ?? IDLE;
