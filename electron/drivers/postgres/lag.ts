import type { Lag } from '../../../shared/model/link';
import { lsnDistance } from './lsn';
import type { NodeReading, Sender } from './node-reading';

export interface LagInputs {
  /** Upstream WAL position when read: current LSN on a primary, max(receive, replay) on a cascading standby. */
  upstreamLsn: string | null;
  /** The upstream's own reading (for its newest commit time), when read. */
  upstream?: Pick<NodeReading, 'inRecovery' | 'lastReplayAtMs' | 'lastCommitAtMs'> | null;
  /** The upstream's walsender row for this standby, when it streams. */
  sender: Pick<Sender, 'sentLsn' | 'writeLsn' | 'flushLsn' | 'replayLsn' | 'writeLagMs' | 'flushLagMs' | 'replayLagMs'> | null;
  /** The standby's own reading, when we could read it. */
  standby: (Pick<NodeReading, 'receiveLsn' | 'replayLsn' | 'lastReplayAtMs' | 'serverNowMs'> & { replayPaused?: boolean }) | null;
  measuredAt: number;
}

type ReplayTime = { ms: number | null; source: string };

/**
 * Lag of one link, honestly (see the design notes):
 * - bytes are distances from the upstream's position; replay uses the standby's
 *   own replay LSN when we read it (the walsender only hears of replay progress
 *   every wal_receiver_status_interval on an idle system);
 * - time is 0 when nothing is left to write/flush/replay, however old the last
 *   commit is; unknown with the upstream unread. When behind, replay time
 *   comes from commit times, read now:
 *   on a cascading link, the upstream's last replayed commit minus the
 *   standby's (its own lag, not its upstream's); from a primary, the primary's
 *   newest commit (track_commit_timestamp) minus the standby's last replayed
 *   one; while replay is paused, the age of that one (an upper bound), since
 *   `replay_lag` moves only when the standby reports, every
 *   wal_receiver_status_interval (10 s); otherwise `replay_lag`, else unknown
 *   (never the age of the last commit: on an idle cluster that is idle time).
 */
export function computeLag(i: LagInputs): Lag {
  const { upstreamLsn: up, sender, standby } = i;
  const replayLsn = standby?.replayLsn ?? sender?.replayLsn ?? null;
  const bytes = {
    sent: sender ? lsnDistance(up, sender.sentLsn) : null,
    write: lsnDistance(up, sender?.writeLsn ?? standby?.receiveLsn ?? null),
    flush: lsnDistance(up, sender?.flushLsn ?? standby?.receiveLsn ?? null),
    replay: lsnDistance(up, replayLsn),
  };
  const timeOf = (b: number | null, measured: number | null | undefined): number | null => {
    if (b === null) return null;
    if (b === 0) return 0;
    return measured ?? null;
  };
  // Upstream not read (crashed, hung): how far the standby is behind it is unknown, even
  // when it replayed all it received, since the upstream may have had more.
  const replay: ReplayTime = bytes.replay === null
    ? { ms: null, source: 'time unknown (upstream not read)' }
    : bytes.replay === 0 ? { ms: 0, source: 'time 0: everything received is replayed' } : replayTime(i);
  const ms = {
    write: timeOf(bytes.write, sender?.writeLagMs),
    flush: timeOf(bytes.flush, sender?.flushLagMs),
    replay: replay.ms,
  };
  return { bytes, ms, measuredAt: i.measuredAt, source: `${describeBytes(i)}; ${replay.source}` };
}

/** Replay time while behind, and where it comes from. */
function replayTime(i: LagInputs): ReplayTime {
  const s = i.standby;
  const u = i.upstream ?? null;
  if (s && s.lastReplayAtMs !== null) {
    if (u?.inRecovery && u.lastReplayAtMs !== null) {
      return { ms: Math.max(0, u.lastReplayAtMs - s.lastReplayAtMs), source: "time from the upstream's last replayed commit minus the standby's (cascading: its own lag)" };
    }
    if (u && !u.inRecovery && u.lastCommitAtMs !== null) {
      return { ms: Math.max(0, u.lastCommitAtMs - s.lastReplayAtMs), source: "time from the primary's newest commit minus the standby's last replayed commit" };
    }
    if (s.replayPaused) {
      return { ms: Math.max(0, s.serverNowMs - s.lastReplayAtMs), source: 'time from the age of the last replayed commit (replay is paused: an upper bound)' };
    }
  }
  // Not paused, newest commit unknown: the age of the last replayed commit would measure how
  // long the cluster has been idle (a promotion record behind looked 51 s late), not lag.
  if (i.sender?.replayLagMs != null) return { ms: i.sender.replayLagMs, source: 'time from replay_lag (updated when the standby reports)' };
  return { ms: null, source: 'time unknown (no commit timestamps, no replay_lag yet)' };
}

function describeBytes(i: LagInputs): string {
  if (i.upstreamLsn === null) return 'bytes unknown (upstream not read)';
  if (i.sender) return i.standby ? 'bytes from pg_stat_replication and the standby replay LSN' : 'bytes from pg_stat_replication';
  return i.standby ? 'bytes from the standby receive/replay LSNs' : 'bytes unknown';
}
