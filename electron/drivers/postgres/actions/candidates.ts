import { lsnDistance, lsnToBigInt, maxLsn } from '../lsn';
import type { NodeReading } from '../node-reading';
import { knownReading, type NodeView } from '../node-view';

/** A standby as a promotion candidate, from this round's reading. */
export interface Candidate {
  id: string;
  reading: NodeReading;
  /** The furthest WAL it has received (or replayed, when its receiver never ran). */
  receiveLsn: string | null;
  /** Time its replay is behind what it received; 0 when it has replayed everything. */
  replayLagMs: number;
  /** From the old primary's `sync_state` for it: sync 0, potential 1, quorum 2, async 3. */
  priority: number;
}

/** Bytes left to replay below which the standby counts as caught up in time (a few WAL records). */
export const REPLAY_BACKLOG_BYTES = 64 * 1024;

const SYNC_PRIORITY: Record<string, number> = { sync: 0, potential: 1, quorum: 2, async: 3 };

export function candidateOf(v: NodeView, primary: NodeReading | null): Candidate | null {
  const r = v.reading;
  if (!r?.inRecovery) return null;
  const receiveLsn = maxLsn(r.receiveLsn, r.replayLsn);
  const behind = lsnDistance(receiveLsn, r.replayLsn) ?? 0;
  // A real backlog is timed by the age of the last replayed commit. A few records left (a checkpoint, a timeline
  // switch) on an idle cluster are not lag: that age is then just the time since the last write (a trial saw
  // "replay 596.9 s behind" block a failover with 0 B to lose).
  const replayLagMs = behind > REPLAY_BACKLOG_BYTES && r.lastReplayAtMs !== null ? Math.max(0, r.serverNowMs - r.lastReplayAtMs) : 0;
  const sender = primary?.senders.find((s) => s.applicationName === r.clusterName);
  const priority = SYNC_PRIORITY[sender?.syncState ?? 'async'] ?? 3;
  return { id: v.id, reading: r, receiveLsn, replayLagMs, priority };
}

/** Best first: most advanced receive position, then configured (synchronous) priority, then id. */
export function rankCandidates(views: readonly NodeView[], primary: NodeReading | null): Candidate[] {
  const all = views.flatMap((v) => {
    const c = candidateOf(v, primary);
    return c ? [c] : [];
  });
  const pos = (c: Candidate) => (c.receiveLsn ? lsnToBigInt(c.receiveLsn) : -1n);
  return all.sort((a, b) => {
    const d = pos(b) - pos(a);
    if (d !== 0n) return d > 0n ? 1 : -1;
    return a.priority - b.priority || a.id.localeCompare(b.id);
  });
}

/** The one readable, writable primary (for a switchover), or why there is none. */
export function livePrimaries(views: readonly NodeView[]): NodeView[] {
  return views.filter((v) => v.reading && !v.reading.inRecovery);
}

/** The primary that is gone (for a failover): known as a primary, not read this round. */
export function lostPrimary(views: readonly NodeView[], rememberedId: string | null): NodeView | null {
  const gone = views.filter((v) => !v.reading && knownReading(v)?.inRecovery === false);
  return gone.find((v) => v.id === rememberedId) ?? gone[0] ?? null;
}
