import { create } from 'zustand';
import type { ActionRun } from '../../../shared/ipc/actions';
import { assertNever } from '../../../shared/result';
import { emptyNormalized, removeMany, upsertMany, type Normalized } from '../../lib/normalized';

/** Every action the core told us about (planned, running, finished, interrupted), keyed by plan id. */
export interface RunsState extends Normalized<ActionRun> {
  /** The plan the admin opened (or just planned); `null`: none. */
  openPlanId: string | null;
}

export const MAX_RUNS = 200;

export const useRuns = create<RunsState>(() => ({ ...emptyNormalized<ActionRun>(), openPlanId: null }));

const idOf = (r: ActionRun) => r.plan.id;

/** Upserts runs by plan id (from deltas and `actions:list`); keeps the newest MAX_RUNS. */
export function upsertRuns(runs: readonly ActionRun[]): void {
  if (runs.length === 0) return;
  useRuns.setState((s) => {
    const next = upsertMany(s, runs, idOf);
    if (next === s) return s;
    const ordered = [...next.ids].sort((a, b) => (next.byId[b]?.plan.createdAt ?? 0) - (next.byId[a]?.plan.createdAt ?? 0));
    const trimmed = removeMany({ ids: ordered, byId: next.byId }, ordered.slice(MAX_RUNS));
    return { ...s, ids: trimmed.ids, byId: trimmed.byId };
  }, true);
}

/** Forgets the runs of removed clusters. */
export function removeClusterRuns(clusterIds: readonly string[]): void {
  const gone = new Set(clusterIds);
  useRuns.setState((s) => {
    const drop = s.ids.filter((id) => gone.has(s.byId[id]?.plan.clusterId ?? ''));
    const next = removeMany(s, drop);
    if (next === s) return s;
    const openPlanId = s.openPlanId !== null && next.byId[s.openPlanId] ? s.openPlanId : null;
    return { ids: next.ids, byId: next.byId, openPlanId };
  }, true);
}

export function openPlan(planId: string | null): void {
  useRuns.setState((s) => (s.openPlanId === planId ? s : { ...s, openPlanId: planId }), true);
}

/** True while the action can still change (its steps may move). */
export function isLive(status: ActionRun['status']): boolean {
  switch (status) {
    case 'planned':
    case 'running':
      return true;
    case 'done':
    case 'done-manual':
    case 'failed':
    case 'aborted':
    case 'interrupted':
      return false;
    default:
      return assertNever(status, 'action status');
  }
}

/**
 * The run the plan/progress panel shows for a cluster: the one the admin
 * opened if it belongs to this cluster, else one still running there (so
 * progress started elsewhere is never hidden), else none.
 */
export function activeRunId(s: RunsState, clusterId: string): string | null {
  const opened = s.openPlanId === null ? undefined : s.byId[s.openPlanId];
  if (opened && opened.plan.clusterId === clusterId) return opened.plan.id;
  for (const id of s.ids) {
    const r = s.byId[id];
    if (r && r.plan.clusterId === clusterId && r.status === 'running') return id;
  }
  return null;
}

/** Runs of one cluster that went past planning (or were interrupted), newest first. Use with useShallow. */
export function recentRunIds(s: RunsState, clusterId: string): string[] {
  return s.ids.filter((id) => {
    const r = s.byId[id];
    return r !== undefined && r.plan.clusterId === clusterId && r.status !== 'planned';
  });
}

/** Interrupted runs of clusters no longer monitored (e.g. a sandbox from the last start): shown so their advice is not lost. */
export function orphanRunIds(s: RunsState, clusterIds: readonly string[]): string[] {
  const known = new Set(clusterIds);
  return s.ids.filter((id) => {
    const r = s.byId[id];
    return r !== undefined && r.status === 'interrupted' && !known.has(r.plan.clusterId);
  });
}
