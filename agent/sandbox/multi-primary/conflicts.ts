import { decide } from './policies';
import { isAutomatic, type PolicyConfig } from './rules';
import { compare, type VersionVector } from './version-vector';
import { newerFirst, versionId, type Version } from './version';

export interface ConflictRecord {
  id: string;
  key: string;
  /** The concurrent versions: none dominates another. */
  versions: Version[];
  detectedAt: number;
  detectedBy: string;
  status: 'open' | 'resolved';
  suggestion: { policy: PolicyConfig['policy']; winner: string | null; why: string };
  resolution: { at: number; by: string; how: string; value: unknown } | null;
}

/** The versions no other one dominates (duplicates dropped). */
function maxima(versions: readonly Version[]): Version[] {
  const byId = new Map(versions.map((v) => [versionId(v), v]));
  const all = [...byId.values()];
  return all.filter((v) => !all.some((w) => w !== v && compare(w.vv, v.vv) === 'after')).sort(newerFirst);
}

const sameSet = (a: Version[], b: Version[]) =>
  a.length === b.length && a.every((v) => b.some((w) => versionId(w) === versionId(v)));

/**
 * The sandbox's conflicts, one per key while it lasts, shared by the peers
 * so each conflict is reported once whichever peer sees it first. A conflict
 * ends when a version dominating all its versions is stored anywhere.
 */
export class ConflictRegistry {
  private readonly active = new Map<string, ConflictRecord>();
  private readonly byId = new Map<string, ConflictRecord>();
  /** Per key: versions that ended a conflict; a peer whose versions one of them dominates has an old view. */
  private readonly horizon = new Map<string, VersionVector[]>();
  private count = 0;

  constructor(
    private readonly idPrefix: string,
    private readonly keepRecords = 2_000,
  ) {}

  get(id: string): ConflictRecord | undefined {
    return this.byId.get(id);
  }

  openFor(key: string): ConflictRecord | undefined {
    const rec = this.active.get(key);
    return rec?.status === 'open' ? rec : undefined;
  }

  open(): ConflictRecord[] {
    return [...this.active.values()].filter((r) => r.status === 'open');
  }

  /** A peer holds concurrent `siblings` of `key`. Returns the conflict when it is new or changed. */
  observe(key: string, siblings: readonly Version[], peerId: string, nowMs: number, policy: PolicyConfig): ConflictRecord | null {
    const covers = (h: VersionVector) => siblings.every((s) => ['before', 'equal'].includes(compare(s.vv, h)));
    if ((this.horizon.get(key) ?? []).some(covers)) return null;
    let rec = this.active.get(key);
    const versions = maxima([...(rec?.versions ?? []), ...siblings]);
    if (versions.length < 2 || (rec && sameSet(rec.versions, versions))) return null;
    if (!rec) {
      const suggestion = { policy: policy.policy, winner: null, why: '' };
      rec = { id: `${this.idPrefix}-${++this.count}`, key, versions, detectedAt: nowMs, detectedBy: peerId, status: 'open', suggestion, resolution: null };
      this.active.set(key, rec);
      this.remember(rec);
    }
    rec.versions = versions;
    this.settle(rec, policy, nowMs);
    return rec;
  }

  /** Re-decides a conflict under `policy`: automatic policies resolve it, manual ones suggest. */
  settle(rec: ConflictRecord, policy: PolicyConfig, nowMs: number): void {
    const d = decide(rec.versions, policy);
    if (isAutomatic(policy)) {
      rec.status = 'resolved';
      rec.suggestion = { policy: policy.policy, winner: d.winner, why: d.why };
      rec.resolution = { at: nowMs, by: `policy:${policy.policy}`, how: d.why, value: d.value };
    } else {
      rec.status = 'open';
      rec.suggestion = { policy: 'last-writer-wins', winner: d.winner, why: d.why };
      rec.resolution = null;
    }
  }

  /**
   * `v` was stored on some peer. If it dominates every version of the key's
   * conflict, that conflict is over; an open one is returned as resolved.
   */
  supersede(v: Version, by: string, how: string, nowMs: number): ConflictRecord | null {
    const rec = this.active.get(v.key);
    if (!rec || !rec.versions.every((x) => compare(v.vv, x.vv) === 'after')) return null;
    this.active.delete(v.key);
    const older = (this.horizon.get(v.key) ?? []).filter((h) => compare(h, v.vv) === 'concurrent');
    this.horizon.set(v.key, [...older.slice(-7), v.vv]);
    if (rec.status === 'resolved') return null;
    rec.status = 'resolved';
    rec.resolution = { at: nowMs, by, how, value: v.value };
    return rec;
  }

  private remember(rec: ConflictRecord): void {
    this.byId.set(rec.id, rec);
    if (this.byId.size <= this.keepRecords) return;
    for (const [id, r] of this.byId) {
      if (this.byId.size <= this.keepRecords) break;
      if (r.status === 'resolved') this.byId.delete(id);
    }
  }
}
