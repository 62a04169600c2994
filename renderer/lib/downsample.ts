import type { LagPoint } from '../../shared/model/lag-point';

export const CHART_MAX_POINTS = 300;

type NumericField = Exclude<keyof LagPoint, 'at'>;
const FIELDS: readonly NumericField[] = [
  'sentBytes',
  'writeBytes',
  'flushBytes',
  'replayBytes',
  'writeMs',
  'flushMs',
  'replayMs',
];

/**
 * Reduces a series to at most `maxPoints` by cutting it into equal-count
 * buckets and keeping, per field, the worst (largest) lag of each bucket, so
 * a spike never disappears from the chart. Each bucket is stamped with its
 * last point's time; the very last point is always kept as it is.
 */
export function downsampleLag(points: readonly LagPoint[], maxPoints = CHART_MAX_POINTS): LagPoint[] {
  if (maxPoints < 2) throw new Error('maxPoints must be at least 2');
  if (points.length <= maxPoints) return points.slice();
  const last = points[points.length - 1] as LagPoint;
  const body = points.length - 1;
  const buckets = maxPoints - 1;
  const out: LagPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * body) / buckets);
    const end = Math.floor(((b + 1) * body) / buckets);
    if (end <= start) continue;
    out.push(bucketMax(points, start, end));
  }
  out.push(last);
  return out;
}

function bucketMax(points: readonly LagPoint[], start: number, end: number): LagPoint {
  const tail = points[end - 1] as LagPoint;
  const merged: LagPoint = { ...tail };
  for (const field of FIELDS) {
    let max: number | null = null;
    for (let i = start; i < end; i++) {
      const v = (points[i] as LagPoint)[field];
      if (v !== null && (max === null || v > max)) max = v;
    }
    merged[field] = max;
  }
  return merged;
}

/**
 * Appends `incoming` (in any order) to a time-ordered series, skipping points
 * not newer than the last one, then bounds it by time window and by length.
 * Returns `series` itself when nothing was added or removed.
 */
export function appendBounded(
  series: readonly LagPoint[],
  incoming: readonly LagPoint[],
  windowMs: number,
  maxLength: number,
): readonly LagPoint[] {
  let lastAt = series.length ? (series[series.length - 1] as LagPoint).at : -Infinity;
  const fresh: LagPoint[] = [];
  for (const p of [...incoming].sort((a, b) => a.at - b.at)) {
    if (p.at <= lastAt) continue;
    fresh.push(p);
    lastAt = p.at;
  }
  if (fresh.length === 0) return series;
  const all = series.concat(fresh);
  const cutoff = lastAt - windowMs;
  let first = 0;
  while (first < all.length && (all[first] as LagPoint).at < cutoff) first++;
  first = Math.max(first, all.length - maxLength);
  return first > 0 ? all.slice(first) : all;
}
