import type { NodeRole } from '../../../shared/model/node';

/**
 * The replication graph by node id: `upstreams.get(id)` are the servers `id`
 * replicates from. Pure: roles, cycles (master-master) and each replica's
 * primary are derived from it.
 */
export class TopologyGraph {
  constructor(
    private readonly upstreams: ReadonlyMap<string, readonly string[]>,
    /** Nodes whose channels we have never read: their role is not known. */
    private readonly unread: ReadonlySet<string> = new Set(),
  ) {}

  upstreamsOf(id: string): readonly string[] {
    return this.upstreams.get(id) ?? [];
  }

  /** True when following upstreams from `id` comes back to `id` (two masters replicating both ways, or a ring). */
  inCycle(id: string): boolean {
    const seen = new Set<string>();
    const stack = [...this.upstreamsOf(id)];
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (u === id) return true;
      if (seen.has(u)) continue;
      seen.add(u);
      stack.push(...this.upstreamsOf(u));
    }
    return false;
  }

  hasCycle(ids: readonly string[]): boolean {
    return ids.some((id) => this.inCycle(id));
  }

  /**
   * `primary`: replicates from no one, or is a master in a cycle; `replica`:
   * replicates from a primary; `cascading-replica`: from a replica only.
   */
  roleOf(id: string): NodeRole {
    if (this.unread.has(id)) return 'unknown';
    const ups = this.upstreamsOf(id);
    if (ups.length === 0 || this.inCycle(id)) return 'primary';
    return ups.some((u) => !this.unread.has(u) && (this.upstreamsOf(u).length === 0 || this.inCycle(u))) ? 'replica' : 'cascading-replica';
  }

  /** The primary at the top of `id`'s chain (null for a primary, a master in a cycle, or a chain that ends in an unread server). */
  primaryOf(id: string): string | null {
    if (this.roleOf(id) === 'primary' || this.roleOf(id) === 'unknown') return null;
    const seen = new Set<string>([id]);
    let at = id;
    for (;;) {
      const ups = this.upstreamsOf(at);
      const up = ups[0];
      if (ups.length !== 1 || up === undefined || seen.has(up) || this.unread.has(up)) return null;
      if (this.roleOf(up) === 'primary') return this.inCycle(up) ? null : up;
      seen.add(up);
      at = up;
    }
  }
}
