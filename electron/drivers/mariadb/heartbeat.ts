import { quoteName, quoteTable, type TableName } from './sql-names';

/** The heartbeat table as ReplicaDesk reads it: one row per primary that writes it. */
export interface HeartbeatRead {
  /** This server's own UTC_TIMESTAMP(6), read in the same statement, as epoch ms (fraction = microseconds). */
  readAt: number;
  rows: { serverId: number; writtenAt: number }[];
  /** Why the table could not be read (no table, no grant); null when it was. */
  error: { errno: number; message: string } | null;
}

/** What this round's write did on a primary: errno 0 = written. */
export interface HeartbeatWrite {
  errno: number;
  message: string;
}

// Errors are caught inside the block (an anonymous compound statement with an EXIT handler) and come back as one
// row: a missing table or grant never fails the reading's one round-trip.
const handler = (select: string) =>
  `DECLARE e INT DEFAULT 0; DECLARE m TEXT DEFAULT '';
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN GET DIAGNOSTICS CONDITION 1 e = MYSQL_ERRNO, m = MESSAGE_TEXT; ${select}; END;`;

/** Reads every row and this server's clock (one row with NULLs for an empty table); one result set either way, then the block's OK packet. */
export function heartbeatReadSql(t: TableName): string {
  return `BEGIN NOT ATOMIC
  ${handler('SELECT NULL AS server_id, NULL AS written_at, UTC_TIMESTAMP(6) AS read_at, e AS errno, m AS error')}
  SELECT h.server_id, h.written_at, UTC_TIMESTAMP(6) AS read_at, 0 AS errno, NULL AS error FROM (SELECT 1) AS one LEFT JOIN ${quoteTable(t)} AS h ON TRUE;
END`;
}

/** Upserts this server's row with its own clock (INSERT … ON DUPLICATE KEY UPDATE: needs INSERT and UPDATE, as REPLACE would need DELETE). */
export function heartbeatWriteSql(t: TableName): string {
  return `BEGIN NOT ATOMIC
  ${handler('SELECT e AS errno, m AS error')}
  INSERT INTO ${quoteTable(t)} (server_id, written_at) VALUES (@@server_id, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE written_at = VALUES(written_at);
  SELECT 0 AS errno, NULL AS error;
END`;
}

export function heartbeatCreateSql(t: TableName): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteName(t.database)};
CREATE TABLE IF NOT EXISTS ${quoteTable(t)} (server_id INT UNSIGNED NOT NULL PRIMARY KEY, written_at DATETIME(6) NOT NULL) ENGINE=InnoDB`;
}

/** `2026-12-07 11:02:32.674576` (a DATETIME(6) in UTC, as mysql2 returns it with dateStrings) → epoch ms, or null. */
export function parseUtcMicros(text: unknown): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(String(text ?? ''));
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isFinite(ms) ? ms + Number(frac.padEnd(6, '0')) / 1000 : null;
}

type Row = Record<string, unknown>;

export function parseHeartbeatRead(rows: readonly Row[]): HeartbeatRead | null {
  const first = rows[0];
  const readAt = parseUtcMicros(first?.read_at);
  if (!first || readAt === null) return null;
  const errno = Number(first.errno ?? 0);
  if (errno !== 0) return { readAt, rows: [], error: { errno, message: String(first.error ?? '') } };
  const parsed = rows.flatMap((r) => {
    const writtenAt = parseUtcMicros(r.written_at);
    return writtenAt === null ? [] : [{ serverId: Number(r.server_id), writtenAt }];
  });
  return { readAt, rows: parsed, error: null };
}

export function parseHeartbeatWrite(rows: readonly Row[]): HeartbeatWrite | null {
  const r = rows[0];
  return r ? { errno: Number(r.errno ?? 0), message: String(r.error ?? '') } : null;
}

/** Age of `serverId`'s row where it was read: that server's clock − the writer's clock (≥ 0), or null without the row. */
export function rowAgeMs(read: HeartbeatRead, serverId: number): number | null {
  const row = read.rows.find((r) => r.serverId === serverId);
  return row ? Math.max(0, read.readAt - row.writtenAt) : null;
}

const ER_BAD_DB = 1049;
const ER_NO_SUCH_TABLE = 1146;
const ER_TABLEACCESS_DENIED = 1142;
const ER_OPTION_PREVENTS_STATEMENT = 1290;

export const isMissingTable = (errno: number) => errno === ER_BAD_DB || errno === ER_NO_SUCH_TABLE;

/** What a DBA runs (on the primary: DDL and GRANTs replicate) so the heartbeat works; `doing` is 'read' or 'write'. */
export function heartbeatNote(t: TableName, user: string, doing: 'read' | 'write', err: { errno: number; message: string }): string {
  const name = quoteTable(t);
  const grant = `GRANT SELECT, INSERT, UPDATE ON ${name} TO '${user}'@'<client host>'`;
  if (isMissingTable(err.errno)) {
    return `heartbeat: ${name} does not exist (${err.message}). On the primary run: ${heartbeatCreateSql(t).replace(/\n/g, ' ')}; ${grant} — or set heartbeat.create in the cluster spec`;
  }
  if (err.errno === ER_TABLEACCESS_DENIED) return `heartbeat: cannot ${doing} ${name} (${err.message}). On the primary run: ${grant}`;
  if (err.errno === ER_OPTION_PREVENTS_STATEMENT) return `heartbeat: cannot write ${name}: the server is read-only (${err.message})`;
  // errno -1: no answer from the server at all (timeout, connection lost): the message says which.
  return `heartbeat: cannot ${doing} ${name}: ${err.errno > 0 ? `error ${err.errno}: ` : ''}${err.message}`;
}
