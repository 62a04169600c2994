import { fail, ok, type Result } from '../../../../shared/result';
import { formatGtid } from '../gtid';
import type { ServerAddress } from '../server-address';
import type { ServerConnection } from '../server-connection';
import type { ReplicaChannel, ServerReading } from '../wire';
import { eventRowOf, failedEndPos, parseFailingGroup, type FailingGroup } from './failing-event';
import { conflictIdOf, kindOf, ORIGIN_ROW_NOTE, type MdbConflict } from './mariadb-conflict';
import { duplicateEntry, keyOfDuplicate, readRow } from './row-key';
import { channelText, ER_DUP_ENTRY, hasPassed, positionText, stopKey } from './stopped-channel';
import { tableText } from './sql';
import { resolveTable, uniqueKeys } from './table-keys';

/** Events read from the stop position: a transaction longer than this is read only in part. */
const EVENTS_READ = 500;

export interface StopSite {
  replicaId: string;
  replica: ServerAddress;
  reading: ServerReading;
  channel: ReplicaChannel;
  originId: string;
  origin: ServerAddress;
  detectedAt: number;
}

/** The failing group from the origin's binlog at Exec_Master_Log_Pos, with the origin's logging settings (one round-trip). */
async function readGroup(origin: ServerConnection, c: ReplicaChannel, signal: AbortSignal): Promise<Result<{ group: FailingGroup; format: string }>> {
  if (c.execMasterLogPos === null || c.relayMasterLogFile === '') return fail('details-unknown', 'the stop position (Relay_Master_Log_File, Exec_Master_Log_Pos) is not reported');
  const r = await origin.query(
    'SHOW BINLOG EVENTS IN ? FROM ? LIMIT ?; SELECT @@binlog_format AS f, @@binlog_row_image AS i',
    signal,
    [c.relayMasterLogFile, c.execMasterLogPos, EVENTS_READ],
  );
  if (!r.ok) return r;
  const [events, vars] = r.value as Record<string, unknown>[][];
  const group = parseFailingGroup((events ?? []).map(eventRowOf), failedEndPos(c.lastSqlError));
  if (!group.ok) return group;
  const v = vars?.[0];
  return ok({ group: group.value, format: `binlog_format=${String(v?.f)}, binlog_row_image=${String(v?.i)}` });
}

/**
 * Explains one stop: the failing GTID and its tables from the origin's binlog
 * (SHOW BINLOG EVENTS at the stop position), the table and its unique keys from
 * the replica's catalog, the key (1062) and both rows read by it with the values
 * bound. What cannot be read is said in `notes`, and the conflict is incomplete.
 */
export async function inspectStop(s: StopSite, conn: (a: ServerAddress) => ServerConnection, signal: AbortSignal): Promise<MdbConflict> {
  const c = s.channel;
  const stop = stopKey(s.replicaId, c);
  const notes = [`${s.replicaId}: ${channelText(c.name)} from ${s.originId} stopped its SQL thread on error ${c.lastSqlErrno}: ${c.lastSqlError}`];
  const base: MdbConflict = {
    id: conflictIdOf(s.replicaId, c.name, null, `${c.relayMasterLogFile}:${c.execMasterLogPos ?? '?'}`),
    replicaId: s.replicaId,
    replica: s.replica,
    channel: c.name,
    originId: s.originId,
    origin: s.origin,
    errno: c.lastSqlErrno,
    error: c.lastSqlError,
    stop,
    group: null,
    table: null,
    key: null,
    local: null,
    remote: null,
    slavePos: s.reading.gtidSlavePos,
    binlogPos: s.reading.gtidBinlogPos,
    strictMode: s.reading.gtidStrictMode,
    channels: [...new Set([c.name, ...s.reading.channels.filter((x) => x.ioRunning === 'Yes' || x.sqlRunning === 'Yes').map((x) => x.name)])],
    kind: kindOf(c.lastSqlErrno, null),
    notes,
    detectedAt: s.detectedAt,
    complete: false,
  };
  const done = (x: Partial<MdbConflict>, complete: boolean): MdbConflict => {
    const m = { ...base, ...x, complete };
    return { ...m, kind: kindOf(m.errno, m.group), notes: [...notes, ORIGIN_ROW_NOTE] };
  };
  const read = await readGroup(conn(s.origin), c, signal);
  if (!read.ok) {
    notes.push(`the failing transaction could not be read from ${s.originId}'s binlog (needs BINLOG MONITOR there): ${read.reason}`);
    return done({}, false);
  }
  const { group, format } = read.value;
  const id = conflictIdOf(s.replicaId, c.name, group.gtid, '');
  notes.push(`failing transaction: GTID ${formatGtid(group.gtid)} from ${s.originId} (${format} there); ${group.changes.length} row event(s)`);
  if (hasPassed(s.reading.gtidSlavePos, group.gtid)) notes.push(`@@gtid_slave_pos ${positionText(s.reading.gtidSlavePos)} already includes ${formatGtid(group.gtid)}: the stop position and the position disagree`);
  if (!group.failed) {
    notes.push('which row event of the transaction failed is not known: keep local (skip the transaction) is the only resolution offered');
    return done({ id, group }, true);
  }
  const replica = conn(s.replica);
  const table = await resolveTable(replica, group.failed.mapped, signal);
  if (!table.ok) {
    notes.push(table.reason);
    // A table not seen may be a missing grant: looked at again (every few seconds, only while the thread is stopped).
    return done({ id, group }, table.code === 'details-unknown');
  }
  if (c.lastSqlErrno !== ER_DUP_ENTRY) {
    notes.push(
      `error ${c.lastSqlErrno}: the ${group.failed.op} found no row on ${s.replicaId}. MariaDB reports the row's key only inside the binary row event, ` +
        'which ReplicaDesk does not decode: keep local (skip the transaction) is offered; to take the origin row, copy it by hand, then START SLAVE.',
    );
    return done({ id, group, table: table.value }, true);
  }
  const keys = await uniqueKeys(replica, table.value, signal);
  const entry = duplicateEntry(c.lastSqlError);
  if (!keys.ok || entry === null) {
    notes.push(keys.ok ? 'the duplicate entry is not reported in full (truncated): the key is not known' : keys.reason);
    return done({ id, group, table: table.value }, keys.ok);
  }
  const local = await keyOfDuplicate(replica, table.value, keys.value, entry, signal);
  if (!local.ok) {
    notes.push(local.code === 'details-unknown' ? local.reason : `the local row could not be read (needs SELECT on ${tableText(table.value)}): ${local.reason}`);
    return done({ id, group, table: table.value }, local.code === 'details-unknown');
  }
  notes.push('the key value is the duplicate entry the server reports in Last_SQL_Error, checked by reading the row with it on both servers');
  const remote = await readRow(conn(s.origin), table.value, local.value.key, signal);
  if (!remote.ok) notes.push(`the origin row could not be read on ${s.originId} (needs SELECT on ${tableText(table.value)} there): ${remote.reason}`);
  else if (remote.value === null) notes.push(`${s.originId} holds no row with this key now (deleted since the failing transaction)`);
  return done({ id, group, table: table.value, key: local.value.key, local: local.value.row, remote: remote.ok ? remote.value : null }, remote.ok);
}
