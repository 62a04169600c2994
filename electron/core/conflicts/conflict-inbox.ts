import type { ConflictEvent } from '../../../shared/model/conflict';
import type { ConflictCounts } from '../../../shared/ipc/conflicts';

export interface InboxLimits {
  /** Open conflicts kept per cluster; past it the oldest are dropped (and counted). */
  maxOpenPerCluster: number;
  /** Resolved conflicts kept per cluster as history. */
  maxResolvedPerCluster: number;
}

const defaults: InboxLimits = { maxOpenPerCluster: 20_000, maxResolvedPerCluster: 2_000 };

/** What an upsert changed: nothing, a new conflict, a changed one, or one that just got resolved. */
export type InboxChange = 'same' | 'new' | 'changed' | 'resolved';

export interface ListQuery {
  clusterId?: string;
  status: 'open' | 'resolved' | 'all';
  limit: number;
}

const same = (a: ConflictEvent, b: ConflictEvent) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Open and resolved conflicts of every cluster, upserted by conflict id
 * (engines send the same id again when a conflict changes or ends). Bounded
 * per cluster; resolved ones form the history.
 */
export class ConflictInbox {
  private readonly byId = new Map<string, ConflictEvent>();
  private readonly open = new Map<string, Set<string>>();
  private readonly resolved = new Map<string, Set<string>>();
  private readonly listeners = new Set<(c: ConflictEvent, change: InboxChange) => void>();
  private readonly limits: InboxLimits;
  dropped = 0;

  constructor(limits: Partial<InboxLimits> = {}) {
    this.limits = { ...defaults, ...limits };
  }

  upsert(c: ConflictEvent): InboxChange {
    const before = this.byId.get(c.id);
    if (before && same(before, c)) return 'same';
    const change: InboxChange = !before ? 'new' : c.status === 'resolved' && before.status === 'open' ? 'resolved' : 'changed';
    this.byId.set(c.id, c);
    this.bucket(this.open, c.clusterId).delete(c.id);
    this.bucket(this.resolved, c.clusterId).delete(c.id);
    this.bucket(c.status === 'open' ? this.open : this.resolved, c.clusterId).add(c.id);
    this.trim(c.clusterId);
    for (const l of this.listeners) l(c, change);
    return change;
  }

  get(id: string): ConflictEvent | undefined {
    return this.byId.get(id);
  }

  /** Open conflicts first (oldest first), then history (newest first), up to `limit`. */
  list(q: ListQuery): ConflictEvent[] {
    const clusters = q.clusterId ? [q.clusterId] : [...new Set([...this.open.keys(), ...this.resolved.keys()])];
    const out: ConflictEvent[] = [];
    if (q.status !== 'resolved') for (const id of clusters) for (const cid of this.open.get(id) ?? []) out.push(this.byId.get(cid)!);
    if (q.status !== 'open') {
      const history = clusters.flatMap((id) => [...(this.resolved.get(id) ?? [])].map((cid) => this.byId.get(cid)!));
      history.sort((a, b) => (b.resolution?.at ?? b.detectedAt) - (a.resolution?.at ?? a.detectedAt));
      out.push(...history);
    }
    return out.slice(0, q.limit);
  }

  openOf(clusterId: string): ConflictEvent[] {
    return [...(this.open.get(clusterId) ?? [])].map((id) => this.byId.get(id)!);
  }

  counts(): ConflictCounts[] {
    const ids = new Set([...this.open.keys(), ...this.resolved.keys()]);
    return [...ids].map((clusterId) => ({ clusterId, open: this.open.get(clusterId)?.size ?? 0, resolved: this.resolved.get(clusterId)?.size ?? 0 }));
  }

  forgetCluster(clusterId: string): void {
    for (const m of [this.open, this.resolved]) {
      for (const id of m.get(clusterId) ?? []) this.byId.delete(id);
      m.delete(clusterId);
    }
  }

  /** Called after every change (not for an identical re-send). Returns an unsubscribe function. */
  onChange(listener: (c: ConflictEvent, change: InboxChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(m: Map<string, Set<string>>, clusterId: string): Set<string> {
    let s = m.get(clusterId);
    if (!s) m.set(clusterId, (s = new Set()));
    return s;
  }

  private trim(clusterId: string): void {
    const cut = (set: Set<string>, max: number, counted: boolean) => {
      while (set.size > max) {
        const oldest = set.values().next().value!;
        set.delete(oldest);
        this.byId.delete(oldest);
        if (counted) this.dropped++;
      }
    };
    cut(this.bucket(this.open, clusterId), this.limits.maxOpenPerCluster, true);
    cut(this.bucket(this.resolved, clusterId), this.limits.maxResolvedPerCluster, false);
  }
}
