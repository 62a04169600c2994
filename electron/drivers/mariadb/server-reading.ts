import { fail, ok, type Result } from '../../../shared/result';
import { NotMariadbError } from './errors';
import { GALERA_SQL, parseGalera } from './galera/galera-reading';
import { parseGtidList, type Gtid } from './gtid';
import { addressOf } from './server-address';
import { heartbeatNote, heartbeatReadSql, parseHeartbeatRead } from './heartbeat';
import { parseSemiSync, SEMI_SYNC_SQL, semiSyncNote } from './semi-sync';
import type { ServerConnection } from './server-connection';
import type { TableName } from './sql-names';
import type { RegisteredReplica, ReplicaChannel, ServerReading } from './wire';

type Row = Record<string, unknown>;

const VARIABLES = `SELECT @@server_id AS server_id, @@hostname AS hostname, @@port AS port, @@report_host AS report_host,
  @@report_port AS report_port, @@version AS version, @@read_only AS read_only, @@log_bin AS log_bin,
  @@log_slave_updates AS log_slave_updates, @@gtid_strict_mode AS gtid_strict_mode,
  @@GLOBAL.gtid_binlog_pos AS gtid_binlog_pos, @@GLOBAL.gtid_binlog_state AS gtid_binlog_state,
  @@GLOBAL.gtid_slave_pos AS gtid_slave_pos, @@GLOBAL.gtid_current_pos AS gtid_current_pos,
  (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME') AS uptime`;

/** One statement of a reading: the privilege it needs (named in a note when missing); a `block` also returns an OK packet. */
interface Part {
  key: 'variables' | 'channels' | 'master' | 'hosts' | 'dumps' | 'semiSync' | 'galera' | 'heartbeatRead';
  sql: string;
  grant: string | null;
  block?: boolean;
}

const STATEMENTS: readonly Part[] = [
  { key: 'variables', sql: VARIABLES, grant: null },
  { key: 'channels', sql: 'SHOW ALL SLAVES STATUS', grant: 'SLAVE MONITOR' },
  { key: 'master', sql: 'SHOW MASTER STATUS', grant: 'BINLOG MONITOR' },
  { key: 'hosts', sql: 'SHOW SLAVE HOSTS', grant: 'REPLICATION MASTER ADMIN' },
  { key: 'dumps', sql: "SELECT HOST AS host FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'", grant: 'PROCESS' },
  { key: 'semiSync', sql: SEMI_SYNC_SQL, grant: null },
  { key: 'galera', sql: GALERA_SQL, grant: null },
];

const missingNote = (s: Part, user: string) => `cannot run ${s.sql.split(' FROM')[0]}: GRANT ${s.grant} ON *.* TO '${user}'@'<client host>'`;

/**
 * A missing-privilege note about the source side of async replication (SHOW MASTER STATUS, SHOW SLAVE HOSTS,
 * the Binlog Dump threads): noise on a Galera peer with no async channel (node-view.ts drops them there).
 */
export function isSourceSideNote(note: string): boolean {
  return STATEMENTS.some((s) => (s.key === 'master' || s.key === 'hosts' || s.key === 'dumps') && note.startsWith(`cannot run ${s.sql.split(' FROM')[0]}:`));
}

function partsOf(heartbeat: TableName | null): Part[] {
  return heartbeat ? [...STATEMENTS, { key: 'heartbeatRead', sql: heartbeatReadSql(heartbeat), grant: null, block: true }] : [...STATEMENTS];
}

type Results = Partial<Record<Part['key'], Row[]>>;

/**
 * Reads one server in one round-trip (the statements as one multi-statement
 * query). When a privilege is missing, each statement runs on its own (from
 * then on, until all pass) and the note names the GRANT; the rest still counts.
 * The heartbeat read (spec.heartbeat) catches its own errors: a missing table or grant never fails the reading.
 */
export async function readServer(
  conn: ServerConnection,
  signal: AbortSignal,
  now: () => number,
  user: string,
  heartbeat: TableName | null = null,
): Promise<Result<ServerReading>> {
  const parts = partsOf(heartbeat);
  if (!conn.oneByOne) {
    const batch = await conn.query(parts.map((s) => s.sql).join(';\n'), signal);
    if (batch.ok) return parseReading(byKey(parts, batch.value as unknown[]), [], now(), heartbeat, user);
    if (batch.code !== 'missing-privilege') return batch;
  }
  const results: Results = {};
  const notes: string[] = [];
  for (const s of parts) {
    const r = await conn.query(s.sql, signal);
    if (r.ok) results[s.key] = (s.block ? (r.value as unknown[])[0] : r.value) as Row[];
    else if (r.code === 'missing-privilege' && s.grant) {
      results[s.key] = [];
      notes.push(missingNote(s, user));
    } else return r;
  }
  // Once every statement passes again (the GRANT was given), the next reading is one round-trip again.
  conn.oneByOne = notes.length > 0;
  return parseReading(results, notes, now(), heartbeat, user);
}

/** The batch's result sets by statement (a block is followed by its OK packet). */
function byKey(parts: readonly Part[], batch: readonly unknown[]): Results {
  const out: Results = {};
  let i = 0;
  for (const p of parts) {
    out[p.key] = batch[i] as Row[];
    i += p.block ? 2 : 1;
  }
  return out;
}

function parseReading(results: Results, notes: string[], at: number, hb: TableName | null, user: string): Result<ServerReading> {
  const v = results.variables?.[0];
  if (!v) return fail('server-error', 'the server returned no variables');
  const version = str(v.version);
  if (!/mariadb/i.test(version)) return fail('not-mariadb', new NotMariadbError(version).message);
  const gtids: Record<string, Gtid[]> = {};
  for (const name of ['gtid_binlog_pos', 'gtid_binlog_state', 'gtid_slave_pos', 'gtid_current_pos']) {
    const parsed = parseGtidList(str(v[name]));
    if (!parsed.ok) return fail('server-error', `@@${name}: ${parsed.reason}`);
    gtids[name] = parsed.value;
  }
  const channels: ReplicaChannel[] = [];
  for (const row of results.channels ?? []) {
    const c = channelOf(row);
    if (c.ok) channels.push(c.value);
    else notes.push(c.reason);
  }
  const master = results.master?.[0];
  const semiSync = parseSemiSync(results.semiSync ?? []);
  const semiNote = semiSyncNote(semiSync);
  if (semiNote) notes.push(semiNote);
  const heartbeat = hb ? parseHeartbeatRead(results.heartbeatRead ?? []) : null;
  if (hb && heartbeat?.error) notes.push(heartbeatNote(hb, user, 'read', heartbeat.error));
  return ok({
    at,
    serverId: Number(v.server_id),
    hostname: str(v.hostname),
    port: Number(v.port),
    reportHost: str(v.report_host),
    reportPort: Number(v.report_port ?? 0),
    version,
    readOnly: flag(v.read_only),
    logBin: flag(v.log_bin),
    logSlaveUpdates: flag(v.log_slave_updates),
    gtidStrictMode: flag(v.gtid_strict_mode),
    gtidBinlogPos: gtids.gtid_binlog_pos!,
    gtidBinlogState: gtids.gtid_binlog_state!,
    gtidSlavePos: gtids.gtid_slave_pos!,
    gtidCurrentPos: gtids.gtid_current_pos!,
    uptimeS: numOrNull(v.uptime),
    binlog: master ? { file: str(master.File), position: Number(master.Position) } : null,
    channels,
    replicaHosts: (results.hosts ?? []).map((r): RegisteredReplica => ({ serverId: Number(r.Server_id), host: str(r.Host), port: Number(r.Port) })),
    dumpHosts: [...new Set((results.dumps ?? []).map((r) => hostWithoutPort(str(r.host))))],
    notes,
    semiSync,
    ...(hb ? { heartbeat } : {}),
    galera: parseGalera(results.galera ?? []),
  });
}

function channelOf(row: Row): Result<ReplicaChannel> {
  const name = str(row.Connection_name);
  const port = Number(row.Master_Port);
  const io = parseGtidList(str(row.Gtid_IO_Pos));
  if (!io.ok) return fail('server-error', `channel "${name}": Gtid_IO_Pos ${io.reason}`);
  return ok({
    name,
    source: addressOf(str(row.Master_Host), port),
    ioRunning: str(row.Slave_IO_Running),
    sqlRunning: str(row.Slave_SQL_Running),
    lastIoErrno: Number(row.Last_IO_Errno ?? 0),
    lastIoError: str(row.Last_IO_Error),
    lastSqlErrno: Number(row.Last_SQL_Errno ?? 0),
    lastSqlError: str(row.Last_SQL_Error),
    secondsBehindMaster: numOrNull(row.Seconds_Behind_Master),
    masterLogFile: str(row.Master_Log_File),
    readMasterLogPos: numOrNull(row.Read_Master_Log_Pos),
    relayMasterLogFile: str(row.Relay_Master_Log_File),
    execMasterLogPos: numOrNull(row.Exec_Master_Log_Pos),
    gtidIoPos: io.value,
    usingGtid: str(row.Using_Gtid),
  });
}

/** `10.0.0.7:51234` → `10.0.0.7` (the processlist shows the client's ephemeral port). */
export function hostWithoutPort(hostPort: string): string {
  const i = hostPort.lastIndexOf(':');
  return i > 0 ? hostPort.slice(0, i).replace(/^\[|\]$/g, '') : hostPort;
}

const str = (x: unknown): string => (x === null || x === undefined ? '' : String(x));
const flag = (x: unknown): boolean => x === 1 || x === '1' || x === true || x === 'ON';
function numOrNull(x: unknown): number | null {
  if (x === null || x === undefined || x === '') return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}
