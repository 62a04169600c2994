import type { NodeLocking } from '../../../shared/model/locking';

const MAX_GIDS = 5_000;

/**
 * Every node a gid was seen prepared on, while it is prepared somewhere.
 * Forgotten once no node holds it; bounded (oldest first) against a flood.
 */
export class GidMemory {
  private readonly seen = new Map<string, Set<string>>();

  update(nodes: readonly NodeLocking[]): ReadonlyMap<string, ReadonlySet<string>> {
    const now = new Map<string, string[]>();
    // A standby replays its primary's prepared transactions: only writable nodes count.
    for (const n of nodes.filter((x) => !x.inRecovery)) for (const p of n.prepared) now.set(p.gid, [...(now.get(p.gid) ?? []), n.nodeId]);
    const unread = new Set(nodes.filter((n) => n.error).map((n) => n.nodeId));
    for (const gid of [...this.seen.keys()]) {
      // Keep a gid while an unread node may still hold it.
      const maybeHeld = [...(this.seen.get(gid) ?? [])].some((id) => unread.has(id));
      if (!now.has(gid) && !maybeHeld) this.seen.delete(gid);
    }
    for (const [gid, ids] of now) {
      const set = this.seen.get(gid) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      this.seen.set(gid, set);
    }
    while (this.seen.size > MAX_GIDS) this.seen.delete(this.seen.keys().next().value!);
    return this.seen;
  }
}
