import type { Lag } from '../../../shared/model/link';
import { lsnDistance } from './lsn';
import type { NodeReading, Sender } from './node-reading';

export interface LagInputs {
  /** Upstream WAL position when read: current LSN on a primary, max(receive, replay) on a cascading standby. */
  upstreamLsn: string | null;
  /** The upstream's walsender row for this standby, when it streams. */
  sender: Pick<Sender, 'sentLsn' | 'writeLsn' | 'flushLsn' | 'replayLsn' | 'writeLagMs' | 'flushLagMs' | 'replayLagMs'> | null;
  /** The standby's own reading, when we could read it. */
  standby: Pick<NodeReading, 'receiveLsn' | 'replayLsn' | 'lastReplayAtMs' | 'serverNowMs'> | null;
  measuredAt: number;
}

/**
 * Lag of one link, honestly (see the design notes):
 * - bytes are distances from the upstream's position; replay uses the standby's
 *   own replay LSN when we read it (the walsender only hears of replay progress
 *   every wal_receiver_status_interval on an idle system);
 * - time is 0 when nothing is left to write/flush/replay, however old the last
 *   commit is (or, with the upstream unread, when the standby replayed all it
 *   received); when behind, it is PostgreSQL's measured *_lag interval, or for
 *   replay the age of the last replayed commit on the standby's clock.
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
  const replayAge =
    standby && standby.lastReplayAtMs !== null ? Math.max(0, standby.serverNowMs - standby.lastReplayAtMs) : null;
  const timeOf = (b: number | null, measured: number | null | undefined, fallback: number | null): number | null => {
    if (b === null) return null;
    if (b === 0) return 0;
    return measured ?? fallback;
  };
  // Upstream not read: the standby alone can still say it replayed all it received.
  const standbyOnly = up === null && standby?.receiveLsn && standby.replayLsn
    ? (lsnDistance(standby.receiveLsn, standby.replayLsn) === 0 ? 0 : replayAge)
    : null;
  const ms = {
    write: timeOf(bytes.write, sender?.writeLagMs, null),
    flush: timeOf(bytes.flush, sender?.flushLagMs, null),
    replay: bytes.replay === null ? standbyOnly : timeOf(bytes.replay, sender?.replayLagMs, replayAge),
  };
  return { bytes, ms, measuredAt: i.measuredAt, source: describeSource(i, bytes.replay, ms.replay) };
}

function describeSource(i: LagInputs, replayBytes: number | null, replayMs: number | null): string {
  const bytes = i.upstreamLsn === null
    ? 'bytes unknown (upstream not read)'
    : i.sender
      ? i.standby
        ? 'bytes from pg_stat_replication and the standby replay LSN'
        : 'bytes from pg_stat_replication'
      : i.standby
        ? 'bytes from the standby receive/replay LSNs'
        : 'bytes unknown';
  let time = 'time unknown';
  if (replayBytes === 0 || (replayBytes === null && replayMs === 0)) time = 'time 0: everything received is replayed';
  else if (replayMs !== null) time = i.sender?.replayLagMs != null ? 'time from replay_lag' : 'time from the last replayed commit';
  return `${bytes}; ${time}`;
}
