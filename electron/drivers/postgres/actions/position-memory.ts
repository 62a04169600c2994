import { timelineOf } from '../node-reading';
import type { NodeView } from '../node-view';
import { maxLsn } from '../lsn';

/** The last position and timeline we saw a primary at, for the expected loss of a failover. */
export interface PrimaryPosition {
  nodeId: string;
  lsn: string;
  timeline: number | null;
  /** Epoch ms we read it. */
  at: number;
}

/**
 * What the driver remembers across samples for actions: the last position of
 * each writable primary, and each node's last known timeline (a standby whose
 * primary died has no WAL receiver left to report it).
 */
export class PositionMemory {
  private readonly primaries = new Map<string, PrimaryPosition>();
  private readonly timelines = new Map<string, number>();

  remember(views: readonly NodeView[], now: number): void {
    for (const v of views) {
      const r = v.reading;
      if (!r) continue;
      const tli = timelineOf(r);
      if (tli !== null) this.timelines.set(v.id, tli);
      if (!r.inRecovery && r.currentLsn) {
        const prev = this.primaries.get(v.id);
        // Same node, same timeline: positions only move forward.
        const lsn = prev && prev.timeline === tli ? (maxLsn(prev.lsn, r.currentLsn) ?? r.currentLsn) : r.currentLsn;
        this.primaries.set(v.id, { nodeId: v.id, lsn, timeline: tli, at: v.readAt ?? now });
      }
    }
  }

  /** The most recently seen primary (on the highest timeline), optionally only `nodeId`. */
  lastPrimary(nodeId?: string): PrimaryPosition | null {
    if (nodeId) return this.primaries.get(nodeId) ?? null;
    let best: PrimaryPosition | null = null;
    for (const p of this.primaries.values()) {
      if (!best || (p.timeline ?? 0) > (best.timeline ?? 0) || ((p.timeline ?? 0) === (best.timeline ?? 0) && p.at > best.at)) best = p;
    }
    return best;
  }

  timeline(nodeId: string): number | null {
    return this.timelines.get(nodeId) ?? null;
  }
}
