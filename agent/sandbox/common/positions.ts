/**
 * Index of the first entry ending after byte `pos` in a log whose entries are
 * in position order (binary search); `entries.length` when none does.
 */
export function indexEndingAfter<E>(entries: readonly E[], pos: number, endOf: (e: E) => number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (endOf(entries[mid]!) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
