import type { ClusterEvent } from '../../../shared/model/event';

/** A bounded, append-only list of cluster events; the oldest fall off past `capacity`. */
export class EventLog {
  private readonly items: ClusterEvent[] = [];
  private readonly listeners = new Set<(e: ClusterEvent) => void>();
  private nextId = 1;

  constructor(private readonly capacity = 5_000) {}

  append(event: Omit<ClusterEvent, 'id'>): ClusterEvent {
    const full: ClusterEvent = { ...event, id: `ev-${this.nextId++}` };
    this.items.push(full);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    for (const l of this.listeners) l(full);
    return full;
  }

  /** Newest first. */
  list(opts: { clusterId?: string; limit: number }): ClusterEvent[] {
    const out: ClusterEvent[] = [];
    for (let i = this.items.length - 1; i >= 0 && out.length < opts.limit; i--) {
      const e = this.items[i]!;
      if (!opts.clusterId || e.clusterId === opts.clusterId) out.push(e);
    }
    return out;
  }

  onAppend(listener: (e: ClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.items.length;
  }
}
