import type { Lag, LinkState, ReplicationLink } from '../../../shared/model/link';
import { linkId } from '../../../shared/model/link';
import { gtidDistance, type Gtid } from './gtid';
import { heartbeatSource, linkSync, type HeartbeatLag } from './heartbeat-lag';
import type { ReplicaChannel, ServerReading } from './wire';

/**
 * A channel's state from its two threads: `broken` when either stopped on an
 * error (Last_IO_Errno / Last_SQL_Errno), `stopped` when one was stopped without
 * one, `catchup` while the IO thread is (re)connecting, else `streaming`.
 */
export function linkState(c: ReplicaChannel): LinkState {
  const io = c.ioRunning;
  const sql = c.sqlRunning;
  if ((c.lastSqlErrno !== 0 && sql !== 'Yes') || (c.lastIoErrno !== 0 && io !== 'Yes')) return 'broken';
  if (io === 'No' || sql === 'No') return 'stopped';
  if (io === 'Connecting') return 'catchup';
  return 'streaming';
}

/** What the replica has applied per domain: @@gtid_slave_pos, and its own binlog for domains it never replicated (its own writes). */
export function appliedPosition(r: ServerReading): Gtid[] {
  const replicated = new Set(r.gtidSlavePos.map((g) => g.domain));
  return [...r.gtidSlavePos, ...r.gtidBinlogPos.filter((g) => !replicated.has(g.domain))];
}

const SOURCE_NOTE =
  'Seconds_Behind_Master from SHOW ALL SLAVES STATUS (whole seconds; the age of the event being applied by the source\'s clock, ' +
  'null while a thread is stopped, 0 while the IO thread waits even if it is cut off)';

/**
 * Lag of `replica`'s channel `c` from `source` (null when the source was not read this round):
 * - transactions: GTID distance, the source's @@gtid_binlog_pos vs the replica's applied position;
 * - bytes: `write` = source binlog position − Read_Master_Log_Pos, `replay` = Read_Master_Log_Pos −
 *   Exec_Master_Log_Pos, each only when both are offsets in the same binlog file (else null, never guessed);
 * - ms.replay: the heartbeat's age when measured (`hb`), else Seconds_Behind_Master × 1000.
 */
export function channelLag(replica: ServerReading, c: ReplicaChannel, source: ServerReading | null, hb: HeartbeatLag | null = null): Lag {
  const sameFileReplay = c.relayMasterLogFile !== '' && c.relayMasterLogFile === c.masterLogFile && c.readMasterLogPos !== null && c.execMasterLogPos !== null;
  const replay = sameFileReplay ? Math.max(0, c.readMasterLogPos! - c.execMasterLogPos!) : null;
  const write =
    source?.binlog && c.readMasterLogPos !== null && source.binlog.file === c.masterLogFile ? Math.max(0, source.binlog.position - c.readMasterLogPos) : null;
  const distance = source ? gtidDistance(source.gtidBinlogPos, appliedPosition(replica)) : null;
  const gtidNote = source
    ? `GTID distance: @@gtid_binlog_pos of the source (read at ${new Date(source.at).toISOString()}) vs @@gtid_slave_pos of the replica`
    : 'GTID distance unknown: the source could not be read';
  const sbm = c.secondsBehindMaster === null ? null : c.secondsBehindMaster * 1000;
  const time = hb?.kind === 'measured' ? heartbeatSource(hb) : hb ? `${SOURCE_NOTE}; heartbeat not used: ${hb.why}` : SOURCE_NOTE;
  return {
    bytes: { sent: null, write, flush: null, replay },
    ms: { write: null, flush: null, replay: hb?.kind === 'measured' ? hb.ms : sbm },
    measuredAt: replica.at,
    ...(hb?.kind === 'measured' ? {} : { msResolution: 1_000 }),
    source: `${time}; ${gtidNote}; bytes from Read_Master_Log_Pos/Exec_Master_Log_Pos on the same binlog file`,
    transactions: distance ? { behind: distance.total, perDomain: distance.perDomain } : null,
  };
}

/** The link from `c`'s source (node `sourceId`) to `replicaId`. */
export function linkOf(replicaId: string, sourceId: string, replica: ServerReading, c: ReplicaChannel, source: ServerReading | null, hb: HeartbeatLag | null = null): ReplicationLink {
  return {
    id: linkId(sourceId, replicaId),
    from: sourceId,
    to: replicaId,
    state: linkState(c),
    sync: linkSync(replica, source),
    lag: channelLag(replica, c, source, hb),
    ...(c.name !== '' ? { label: c.name } : {}),
  };
}

/** Why a channel is not replicating, for the replica's status (null when it is). */
export function channelProblem(c: ReplicaChannel): string | null {
  const named = c.name === '' ? `replication from ${c.source.id}` : `channel "${c.name}" from ${c.source.id}`;
  if (c.lastSqlErrno !== 0 && c.sqlRunning !== 'Yes') return `${named}: SQL thread stopped on error ${c.lastSqlErrno}: ${c.lastSqlError}`;
  if (c.lastIoErrno !== 0 && c.ioRunning !== 'Yes') return `${named}: IO thread error ${c.lastIoErrno}: ${c.lastIoError}`;
  if (c.ioRunning === 'No' || c.sqlRunning === 'No') return `${named}: ${c.ioRunning === 'No' ? 'IO' : 'SQL'} thread stopped`;
  return null;
}
