import { create } from 'zustand';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { DeskApi } from '../../../shared/ipc/api';
import { appendBounded } from '../../lib/downsample';

/** Charts show the last 15 minutes; a series never holds more than this many raw points. */
export const LAG_WINDOW_MS = 15 * 60_000;
export const MAX_POINTS_PER_LINK = 4_000;

export type LagUnit = 'bytes' | 'ms';
export type HistoryState = 'loading' | 'loaded' | 'failed';

export interface LagState {
  /** Raw points per link, oldest first, keyed by `seriesKey`. */
  series: Readonly<Record<string, readonly LagPoint[]>>;
  history: Readonly<Record<string, HistoryState>>;
  unit: LagUnit;
}

export const useLag = create<LagState>(() => ({ series: {}, history: {}, unit: 'bytes' }));

export function seriesKey(clusterId: string, linkId: string): string {
  return `${clusterId}\n${linkId}`;
}

const EMPTY: readonly LagPoint[] = [];
export function seriesOf(s: LagState, clusterId: string, linkId: string): readonly LagPoint[] {
  return s.series[seriesKey(clusterId, linkId)] ?? EMPTY;
}

/** New points from a delta, grouped per link and appended in one store update. */
export function appendLagPoints(items: MonitorDelta['lagPoints']): void {
  if (items.length === 0) return;
  const grouped = new Map<string, LagPoint[]>();
  for (const { clusterId, linkId, point } of items) {
    const key = seriesKey(clusterId, linkId);
    const list = grouped.get(key);
    if (list) list.push(point);
    else grouped.set(key, [point]);
  }
  useLag.setState((s) => {
    let series: Record<string, readonly LagPoint[]> | null = null;
    for (const [key, points] of grouped) {
      const prev = s.series[key] ?? EMPTY;
      const next = appendBounded(prev, points, LAG_WINDOW_MS, MAX_POINTS_PER_LINK);
      if (next === prev) continue;
      series ??= { ...s.series };
      series[key] = next;
    }
    return series ? { ...s, series } : s;
  }, true);
}

/** Longer than this between two live points is a gap (e.g. while disconnected) that history may fill. */
const GAP_MS = 5_000;

/**
 * History from `lag:history` fills what the live points lack: everything
 * before the first live point, and any gap between live points.
 */
export function mergeSeries(live: readonly LagPoint[], history: readonly LagPoint[]): readonly LagPoint[] {
  if (live.length === 0) return appendBounded(EMPTY, history, LAG_WINDOW_MS, MAX_POINTS_PER_LINK);
  const fill = history.filter((p) => {
    if (p.at < (live[0] as LagPoint).at) return true;
    let lo = 0;
    let hi = live.length - 1;
    if (p.at > (live[hi] as LagPoint).at) return true;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((live[mid] as LagPoint).at <= p.at) lo = mid;
      else hi = mid;
    }
    const before = live[lo] as LagPoint;
    const after = live[hi] as LagPoint;
    return p.at > before.at && p.at < after.at && after.at - before.at > GAP_MS;
  });
  if (fill.length === 0) return live;
  const all = [...live, ...fill].sort((a, b) => a.at - b.at);
  return appendBounded(EMPTY, all, LAG_WINDOW_MS, MAX_POINTS_PER_LINK);
}

export function mergeHistory(clusterId: string, linkId: string, history: readonly LagPoint[]): void {
  const key = seriesKey(clusterId, linkId);
  useLag.setState((s) => {
    const live = s.series[key] ?? EMPTY;
    const merged = mergeSeries(live, history);
    return { ...s, series: merged === live ? s.series : { ...s.series, [key]: merged }, history: { ...s.history, [key]: 'loaded' } };
  }, true);
}

function setHistoryState(key: string, state: HistoryState): void {
  useLag.setState((s) => (s.history[key] === state ? s : { ...s, history: { ...s.history, [key]: state } }), true);
}

/** Loads a link's history once (again only after a failure). */
export async function loadLagHistory(api: Pick<DeskApi, 'invoke'>, clusterId: string, linkId: string): Promise<void> {
  const key = seriesKey(clusterId, linkId);
  const state = useLag.getState().history[key];
  if (state === 'loading' || state === 'loaded') return;
  setHistoryState(key, 'loading');
  const result = await api.invoke('lag:history', { clusterId, linkId, windowMs: LAG_WINDOW_MS, maxPoints: 300 });
  if (result.ok) mergeHistory(clusterId, linkId, result.value);
  else setHistoryState(key, 'failed');
}

/** Forgets loaded history so it is fetched again (after a reconnect, points may have been missed). */
export function invalidateHistory(): void {
  useLag.setState((s) => (Object.keys(s.history).length === 0 ? s : { ...s, history: {} }), true);
}

export function removeClusterSeries(clusterIds: readonly string[]): void {
  const prefixes = clusterIds.map((id) => `${id}\n`);
  const drop = (key: string) => prefixes.some((p) => key.startsWith(p));
  useLag.setState((s) => {
    if (!Object.keys(s.series).some(drop) && !Object.keys(s.history).some(drop)) return s;
    const keep = <T,>(rec: Readonly<Record<string, T>>) =>
      Object.fromEntries(Object.entries(rec).filter(([k]) => !drop(k))) as Record<string, T>;
    return { ...s, series: keep(s.series), history: keep(s.history) };
  }, true);
}

export function setLagUnit(unit: LagUnit): void {
  useLag.setState((s) => (s.unit === unit ? s : { ...s, unit }), true);
}
