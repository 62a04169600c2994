/**
 * Peak-preserving downsampling: rows are grouped into at most `maxPoints`
 * equal time buckets and each bucket keeps, per column, its maximum. A lag
 * spike is never averaged away, and a chart gets a few hundred points.
 * Column 0 is the timestamp; the bucket takes the time of its last row.
 */
export function downsampleMax(
  length: number,
  get: (row: number, col: number) => number,
  width: number,
  maxPoints: number,
): number[][] {
  if (length === 0) return [];
  if (length <= maxPoints) {
    return Array.from({ length }, (_, r) => Array.from({ length: width }, (_, c) => get(r, c)));
  }
  const t0 = get(0, 0);
  const t1 = get(length - 1, 0);
  const span = Math.max(1, t1 - t0);
  const out: number[][] = [];
  let current: number[] | null = null;
  let currentBucket = -1;
  for (let r = 0; r < length; r++) {
    const bucket = Math.min(maxPoints - 1, Math.floor(((get(r, 0) - t0) / span) * maxPoints));
    if (bucket !== currentBucket || current === null) {
      if (current) out.push(current);
      current = Array.from({ length: width }, (_, c) => get(r, c));
      currentBucket = bucket;
      continue;
    }
    current[0] = get(r, 0);
    for (let c = 1; c < width; c++) {
      const v = get(r, c);
      const prev = current[c]!;
      if (!Number.isNaN(v) && (Number.isNaN(prev) || v > prev)) current[c] = v;
    }
  }
  if (current) out.push(current);
  return out;
}
