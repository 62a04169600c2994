import type { VersionVector } from '../../../shared/model/conflict';

export type { VersionVector };

/** How `a` relates to `b`: 'before' means b dominates a (a happened before b). */
export type CausalOrder = 'equal' | 'before' | 'after' | 'concurrent';

/**
 * Compares two version vectors (missing entries count as 0). `a` dominates
 * `b` when it is >= everywhere and > somewhere; neither dominating and not
 * equal means the writes were concurrent.
 */
export function compare(a: VersionVector, b: VersionVector): CausalOrder {
  let aBigger = false;
  let bBigger = false;
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[node] ?? 0;
    const y = b[node] ?? 0;
    if (x > y) aBigger = true;
    else if (y > x) bBigger = true;
  }
  if (aBigger && bBigger) return 'concurrent';
  if (aBigger) return 'after';
  if (bBigger) return 'before';
  return 'equal';
}

export function dominates(a: VersionVector, b: VersionVector): boolean {
  return compare(a, b) === 'after';
}

export function concurrent(a: VersionVector, b: VersionVector): boolean {
  return compare(a, b) === 'concurrent';
}

/** The least vector that is >= every input (element-wise max). */
export function join(...vectors: VersionVector[]): VersionVector {
  const out: VersionVector = {};
  for (const v of vectors) {
    for (const [node, n] of Object.entries(v)) out[node] = Math.max(out[node] ?? 0, n);
  }
  return out;
}

/** `v` with `node`'s counter advanced by one: a new event on `node`. */
export function increment(v: VersionVector, node: string): VersionVector {
  return { ...v, [node]: (v[node] ?? 0) + 1 };
}

/** Stable text form, e.g. `{peer-1:2,peer-3:1}` (zero entries dropped). */
export function formatVector(v: VersionVector): string {
  const parts = Object.keys(v)
    .filter((k) => (v[k] ?? 0) > 0)
    .sort()
    .map((k) => `${k}:${v[k]}`);
  return `{${parts.join(',')}}`;
}
