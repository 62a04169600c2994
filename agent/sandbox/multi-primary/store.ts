import { compare } from './version-vector';
import { newerFirst, versionId, type Version } from './version';

export type MergeOutcome = 'stale' | 'replaced' | 'concurrent';

/**
 * One peer's data: per key, the versions no other version dominates (its
 * "siblings"). A dominating version replaces what it dominates; a dominated
 * or equal one is ignored; a concurrent one is kept beside the others. The
 * sibling set is the maximal elements of all versions received, so it does
 * not depend on the order in which they arrived.
 */
export class PeerStore {
  private readonly keys = new Map<string, Version[]>();

  siblings(key: string): readonly Version[] {
    return this.keys.get(key) ?? [];
  }

  merge(v: Version): MergeOutcome {
    const current = this.keys.get(v.key) ?? [];
    const kept: Version[] = [];
    for (const s of current) {
      const order = compare(v.vv, s.vv);
      if (order === 'before' || order === 'equal') return 'stale';
      if (order === 'concurrent') kept.push(s);
    }
    kept.push(v);
    kept.sort(newerFirst);
    this.keys.set(v.key, kept);
    return kept.length > 1 ? 'concurrent' : 'replaced';
  }

  keyNames(): string[] {
    return [...this.keys.keys()];
  }

  /** Keys holding more than one version. */
  conflictedKeys(): string[] {
    return [...this.keys].filter(([, s]) => s.length > 1).map(([k]) => k);
  }

  /** A comparable digest: key -> sorted version ids (for convergence checks). */
  digest(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const key of [...this.keys.keys()].sort()) out[key] = this.siblings(key).map(versionId).sort();
    return out;
  }
}
