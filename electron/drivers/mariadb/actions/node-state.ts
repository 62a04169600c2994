import { ok, type Result } from '../../../../shared/result';
import { addressOf } from '../server-address';
import { MDB_SQL } from './sql';
import { flag, str, type ActionSessions, type Row } from './session';

/** One replication channel as a step sees it. */
export interface ChannelState {
  name: string;
  /** Master_Host:Master_Port, normalised like node ids. */
  source: string;
  io: string;
  sql: string;
  lastIoErrno: number;
  lastIoError: string;
  lastSqlErrno: number;
  lastSqlError: string;
  gtidIoPos: string;
}

/** What a step re-reads on a server to observe its effect. */
export interface NodeState {
  readOnly: boolean;
  binlogPos: string;
  currentPos: string;
  slavePos: string;
  binlogState: string;
  logBin: boolean;
  logSlaveUpdates: boolean;
  channels: ChannelState[];
}

function channelOf(r: Row): ChannelState {
  return {
    name: str(r.Connection_name),
    source: addressOf(str(r.Master_Host), Number(r.Master_Port)).id,
    io: str(r.Slave_IO_Running),
    sql: str(r.Slave_SQL_Running),
    lastIoErrno: Number(r.Last_IO_Errno ?? 0),
    lastIoError: str(r.Last_IO_Error),
    lastSqlErrno: Number(r.Last_SQL_Errno ?? 0),
    lastSqlError: str(r.Last_SQL_Error),
    gtidIoPos: str(r.Gtid_IO_Pos),
  };
}

/** @@read_only, the GTID positions and SHOW ALL SLAVES STATUS of `node` (two round-trips). */
export async function readNodeState(s: ActionSessions, node: string, signal: AbortSignal): Promise<Result<NodeState>> {
  const v = await s.query(node, MDB_SQL.state, signal);
  if (!v.ok) return v;
  const ch = await s.query(node, MDB_SQL.channels, signal);
  if (!ch.ok) return ch;
  const row = v.value[0] ?? {};
  return ok({
    readOnly: flag(row.read_only),
    binlogPos: str(row.binlog_pos),
    currentPos: str(row.current_pos),
    slavePos: str(row.slave_pos),
    binlogState: str(row.binlog_state),
    logBin: flag(row.log_bin),
    logSlaveUpdates: flag(row.log_slave_updates),
    channels: ch.value.map(channelOf),
  });
}

/** "read_only = 1, no channel, gtid_current_pos 0-2-15" (what a step saw). */
export function describeState(st: NodeState, nameOf: (id: string) => string = (id) => id): string {
  const chans = st.channels.length === 0 ? 'no replication channel' : st.channels.map((c) => describeChannel(c, nameOf)).join('; ');
  return `@@read_only = ${st.readOnly ? 1 : 0}, ${chans}, @@gtid_current_pos = '${st.currentPos}'`;
}

export function describeChannel(c: ChannelState, nameOf: (id: string) => string = (id) => id): string {
  const label = c.name === '' ? 'channel' : `channel '${c.name}'`;
  const errors = [c.lastIoErrno ? `IO error ${c.lastIoErrno}: ${c.lastIoError}` : '', c.lastSqlErrno ? `SQL error ${c.lastSqlErrno}: ${c.lastSqlError}` : ''].filter(Boolean).join(', ');
  return `${label} from ${nameOf(c.source)} (Slave_IO_Running = ${c.io}, Slave_SQL_Running = ${c.sql}${errors ? `, ${errors}` : ''})`;
}
