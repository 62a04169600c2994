import type { LagPoint } from '../../../shared/model/lag-point';
import type { LagUnit } from './store';

export interface SeriesDef {
  key: keyof LagPoint;
  name: string;
  color: string;
}

/**
 * Two lines per chart, the ends of the pipeline (not yet sent, not yet
 * replayed); the link table shows every stage. Each extra line costs
 * recharts about as much as the first.
 */
export const BYTE_SERIES: readonly SeriesDef[] = [
  { key: 'sentBytes', name: 'not yet sent', color: '#5aa9e6' },
  { key: 'replayBytes', name: 'not yet replayed', color: '#f2b84b' },
];

export const MS_SERIES: readonly SeriesDef[] = [
  { key: 'writeMs', name: 'write', color: '#5aa9e6' },
  { key: 'replayMs', name: 'replay', color: '#f2b84b' },
];

export function seriesFor(unit: LagUnit): readonly SeriesDef[] {
  return unit === 'bytes' ? BYTE_SERIES : MS_SERIES;
}

/** The newest headline value in the chosen unit: replay, else the furthest stage known. */
export function latestValue(points: readonly LagPoint[], unit: LagUnit): number | null {
  const p = points[points.length - 1];
  if (!p) return null;
  return unit === 'bytes'
    ? (p.replayBytes ?? p.flushBytes ?? p.writeBytes ?? p.sentBytes)
    : (p.replayMs ?? p.flushMs ?? p.writeMs);
}

const STEPS = [1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500] as const;

/**
 * Round axis ticks from 0 to just above `max`: for bytes in 1024-based units
 * (so the labels read 256 KB, 512 KB, not 244 KB, 488 KB), for ms in 10s.
 */
export function niceTicks(max: number, unit: LagUnit, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  let scale = 1;
  if (unit === 'bytes') while (max / scale >= 1024) scale *= 1024;
  else while (max / scale >= 1000) scale *= 1000;
  const scaled = max / scale;
  const step = (STEPS.find((s) => scaled / s <= count) ?? 1000) * scale;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

export function maxOf(points: readonly LagPoint[], unit: LagUnit): number {
  let max = 0;
  for (const p of points) for (const s of seriesFor(unit)) max = Math.max(max, (p[s.key] as number | null) ?? 0);
  return max;
}
