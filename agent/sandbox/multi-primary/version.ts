import { countersForWrite, joinCounters, type FieldCounters } from './counters';
import { increment, join, type VersionVector } from './version-vector';

/** One written version of a key. `origin` + `seq` identify it; a null value is a delete. */
export interface Version {
  readonly key: string;
  readonly value: unknown;
  readonly vv: VersionVector;
  readonly origin: string;
  /** Position in the origin's log (1, 2, …). */
  readonly seq: number;
  readonly committedAt: number;
  /** The writer had no live version of the key: an insert. */
  readonly created: boolean;
  readonly counters: FieldCounters;
}

export function versionId(v: Pick<Version, 'origin' | 'seq'>): string {
  return `${v.origin}/${v.seq}`;
}

/** Last-writer-wins order: later commit first; on a tie the greater node id wins. */
export function newerFirst(a: Version, b: Version): number {
  if (a.committedAt !== b.committedAt) return b.committedAt - a.committedAt;
  return a.origin < b.origin ? 1 : a.origin > b.origin ? -1 : b.seq - a.seq;
}

export function newest(versions: readonly Version[]): Version {
  const sorted = [...versions].sort(newerFirst);
  if (!sorted[0]) throw new Error('no versions');
  return sorted[0];
}

/**
 * A new local write by `origin`: its vector dominates every version in
 * `seen` (what the writer holds, plus a conflict's versions when it resolves
 * one), so it replaces them wherever it arrives.
 */
export function newVersion(origin: string, seq: number, key: string, value: unknown, seen: readonly Version[], nowMs: number): Version {
  return {
    key,
    value,
    vv: increment(join(...seen.map((s) => s.vv)), origin),
    origin,
    seq,
    committedAt: nowMs,
    created: seen.every((s) => s.value === null),
    counters: countersForWrite(joinCounters(...seen.map((s) => s.counters)), origin, value),
  };
}
